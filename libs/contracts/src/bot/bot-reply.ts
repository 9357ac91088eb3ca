import type { ConversationDto } from '../conversations/conversation.dto';
import type { ConversationStatus } from '../conversations/conversation-status';

/**
 * A bot reply is streamed as `bot:reply:start`, any number of `bot:reply:delta`, then `bot:reply:end`.
 * `replyId` names the reply for its whole life; when a worker is lost mid-reply the reply restarts on another
 * worker with the next `attempt`, and clients replace the text they had (deltas are numbered per attempt).
 */
export interface BotReplyStartEvent {
  replyId: string;
  conversationId: string;
  attempt: number;
}

export interface BotReplyDeltaEvent {
  replyId: string;
  conversationId: string;
  attempt: number;
  /** 0, 1, 2, ... within the attempt: clients use it to drop repeats and put late ones in place. */
  index: number;
  text: string;
}

/**
 * - `completed`: the reply was stored; `messageSeq` is its sequence number (a `message:new` carries it too).
 * - `cancelled`: a human took over, the visitor asked for one, or the conversation was closed.
 * - `superseded`: the visitor wrote again before the reply was done; a new reply answers both messages.
 * - `failed`: no worker could finish it; a fallback message follows and the conversation waits for a human.
 */
export const BOT_REPLY_OUTCOMES = ['completed', 'cancelled', 'superseded', 'failed'] as const;
export type BotReplyOutcome = (typeof BOT_REPLY_OUTCOMES)[number];

export interface BotReplyEndEvent {
  replyId: string;
  conversationId: string;
  outcome: BotReplyOutcome;
  messageSeq: number | null;
}

/** A reply still streaming, as a reconnecting client receives it: the text of deltas 0..nextIndex-1. */
export interface BotReplySnapshot {
  replyId: string;
  conversationId: string;
  attempt: number;
  text: string;
  nextIndex: number;
}

/** Why a conversation went to a human. */
export const HANDOFF_REASONS = [
  /** The visitor pressed "talk to a person". */
  'visitor_request',
  /** The visitor wrote one of the workspace's handoff phrases. */
  'handoff_phrase',
  /** An agent took the conversation over. */
  'agent_takeover',
  /** A support system or an agent put it in the queue (REST `PATCH status=waiting_human`). */
  'api_request',
  /** No worker was connected, or every one stayed busy past the wait limit. */
  'bot_unavailable',
  /** Workers failed on the reply (lost mid-reply twice, or an engine error). */
  'bot_failed',
  /** A reply failed one of the workspace's reply checks (guardrails) and was replaced. */
  'guardrail',
  /** The model was not confident enough in its reply (token probabilities under the workspace's threshold). */
  'low_confidence',
  /** The customer asked the same question again. */
  'repeated_question',
  /** The customer rated two bot replies in a row with a thumbs-down. */
  'negative_ratings',
  /** The bot's reply said it has no answer (nothing in the knowledge base) and that a person will help. */
  'no_answer',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

export interface ConversationHandoffEvent {
  conversation: ConversationDto;
  reason: HandoffReason;
}

export interface ConversationStatusEvent {
  conversationId: string;
  status: ConversationStatus;
}

/** The client message id of the stored message of a bot reply: one stored message per reply id. */
export function botReplyClientMessageId(replyId: string): string {
  return `bot-reply:${replyId}`;
}
