import type { ConversationStatus, MessageAuthor } from '@neodesk/contracts';
import { ConversationError, ConversationErrorCode } from './conversation.error';

/** Where a conversation may go from each status. Staying put is always allowed (e.g. reassigning). */
const TRANSITIONS: Readonly<Record<ConversationStatus, readonly ConversationStatus[]>> = {
  bot: ['waiting_human', 'human', 'resolved'],
  waiting_human: ['bot', 'human', 'resolved'],
  human: ['bot', 'waiting_human', 'resolved'],
  resolved: ['bot', 'human'],
};

export interface StatusSnapshot {
  status: ConversationStatus;
  assignedAgentId: string | null;
}

export interface PlannedStatus {
  status: ConversationStatus;
  assignedAgentId: string | null;
  resolvedAt: Date | null;
}

/**
 * Decides the columns of a status change, or throws when the change breaks a rule:
 * a human-owned conversation needs an agent; handing back to the bot or to the queue drops the agent;
 * a resolved conversation keeps who resolved it.
 */
export function planStatusChange(
  current: StatusSnapshot,
  requested: { status: ConversationStatus; assignedAgentId?: string | null },
  now: Date,
): PlannedStatus {
  if (requested.status !== current.status && !TRANSITIONS[current.status].includes(requested.status)) {
    throw new ConversationError(
      ConversationErrorCode.InvalidTransition,
      `A conversation cannot go from ${current.status} to ${requested.status}`,
    );
  }
  const agent = requested.assignedAgentId === undefined ? current.assignedAgentId : requested.assignedAgentId;
  switch (requested.status) {
    case 'human':
      if (agent === null) {
        throw new ConversationError(ConversationErrorCode.AgentRequired, 'A human-owned conversation needs an agent');
      }
      return { status: 'human', assignedAgentId: agent, resolvedAt: null };
    case 'bot':
      return { status: 'bot', assignedAgentId: null, resolvedAt: null };
    case 'waiting_human':
      return { status: 'waiting_human', assignedAgentId: requested.assignedAgentId ?? null, resolvedAt: null };
    case 'resolved':
      return { status: 'resolved', assignedAgentId: agent, resolvedAt: now };
  }
}

/** A customer writing into a resolved conversation reopens it for the bot; otherwise nothing changes. */
export function statusAfterCustomerMessage(status: ConversationStatus): ConversationStatus | undefined {
  return status === 'resolved' ? 'bot' : undefined;
}

/** The bot may only write while it owns the conversation: never after a human took over. */
export function assertAuthorAllowed(status: ConversationStatus, author: MessageAuthor): void {
  if (author === 'bot' && status !== 'bot') {
    throw new ConversationError(
      ConversationErrorCode.BotNotAllowed,
      `The bot cannot reply to a conversation in status ${status}`,
    );
  }
}
