import type { MessageSourceDto } from '../knowledge/knowledge-article.dto';
import type { FinishReason } from '../messages/message-author';

/**
 * "Try it" on the bot settings page: a reply generated with settings that are not saved yet, for a
 * dialogue that exists only in the request. Zod-free: the dashboard checks the same limits.
 */
export const BOT_PREVIEW_LIMITS = {
  /** Turns of the tried dialogue, the customer's and the bot's together. */
  maxMessages: 20,
  /** Characters of one turn. */
  maxMessageLength: 2000,
} as const;

export const BOT_PREVIEW_AUTHORS = ['customer', 'bot'] as const;
export type BotPreviewAuthor = (typeof BOT_PREVIEW_AUTHORS)[number];

export interface BotPreviewMessage {
  author: BotPreviewAuthor;
  text: string;
}

/** `completed`: the bot wrote `text`; `handoff`: the last customer message asks for a person by a handoff phrase. */
export const BOT_PREVIEW_OUTCOMES = ['completed', 'handoff'] as const;
export type BotPreviewOutcome = (typeof BOT_PREVIEW_OUTCOMES)[number];

/** How the worker did on the preview. */
export interface BotPreviewStats {
  promptTokens: number;
  completionTokens: number;
  queueMs: number;
  timeToFirstTokenMs: number;
  totalMs: number;
  /** Completion tokens over the time after the first one (null with fewer than two tokens). */
  tokensPerSecond: number | null;
  finishReason: FinishReason;
}

/** The answer of `POST /api/v1/bot-settings/preview`; nothing of it is stored. */
export interface BotPreviewDto {
  outcome: BotPreviewOutcome;
  /** The bot's reply; empty when the outcome is `handoff`. */
  text: string;
  /** Null when no worker was asked (handoff). */
  stats: BotPreviewStats | null;
  workerId: string | null;
  modelId: string | null;
  modelVersion: string | null;
  /** Knowledge-base articles the reply drew on, best first; empty for a handoff. */
  sources: MessageSourceDto[];
}
