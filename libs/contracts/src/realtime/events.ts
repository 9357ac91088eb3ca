import type { ConversationDto } from '../conversations/conversation.dto';
import type { MessageDto } from '../messages/message.dto';
import type { AckCallback, RealtimeErrorBody } from './ack';
import type { ResumeConversationPayload, SendMessagePayload, TypingPayload } from './payloads';

/** What a visitor (the widget) may send on `/visitor`. */
export interface VisitorClientToServerEvents {
  /** Idempotent by clientMessageId: a retry acks the stored message. */
  'message:send': (payload: SendMessagePayload, ack: AckCallback<MessageDto>) => void;
  /** The messages after `afterSeq`, oldest first (catching up after a reconnect). */
  'conversation:resume': (payload: ResumeConversationPayload, ack: AckCallback<MessageDto[]>) => void;
  typing: (payload: TypingPayload) => void;
}

/** What the server pushes to a visitor's tabs. */
export interface VisitorServerToClientEvents {
  /** The handshake was accepted and the socket joined its rooms: events sent from now on are delivered. */
  'session:ready': (session: { workspaceId: string; visitorId: string }) => void;
  'message:new': (message: MessageDto) => void;
  /** Sent before a refused connection is closed, and for events that carry no ack. */
  error: (error: RealtimeErrorBody) => void;
}

/** Agents only listen in this slice. */
export type AgentClientToServerEvents = Record<never, never>;

export interface MessageNewEvent {
  conversation: ConversationDto;
  message: MessageDto;
}

export interface VisitorTypingEvent {
  conversationId: string;
  visitorId: string;
  isTyping: boolean;
}

/** What the server pushes to the agents of a workspace (the dashboard). */
export interface AgentServerToClientEvents {
  /** The token was accepted and the socket joined its workspace's room. */
  'session:ready': (session: { workspaceId: string; userId: string }) => void;
  'message:new': (event: MessageNewEvent) => void;
  'visitor:typing': (event: VisitorTypingEvent) => void;
  error: (error: RealtimeErrorBody) => void;
}

/** Server-to-server events over the Redis adapter (none yet). */
export type RealtimeInterServerEvents = Record<never, never>;
