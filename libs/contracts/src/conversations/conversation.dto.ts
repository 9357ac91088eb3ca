import type { ConversationChannel, ConversationStatus } from './conversation-status';

/** Optional facts a support system knows about the customer. */
export interface CustomerProfile {
  name?: string;
  email?: string;
  externalId?: string;
  [key: string]: unknown;
}

/** A conversation as the service sends it over REST and websocket. */
export interface ConversationDto {
  id: string;
  workspaceId: string;
  visitorId: string;
  customer: CustomerProfile | null;
  channel: ConversationChannel;
  status: ConversationStatus;
  assignedAgentId: string | null;
  labels: string[];
  /** Sequence number of the newest message (0 when empty). */
  lastSeq: number;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
  resolvedAt: string | null;
}
