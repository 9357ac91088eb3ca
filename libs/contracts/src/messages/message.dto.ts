import type { MessageSourceDto } from '../knowledge/knowledge-article.dto';
import type { FinishReason, MessageAuthor, MessageFeedback } from './message-author';

/** Figures a worker reports for one bot reply. */
export interface GenerationStats {
  modelId: string;
  modelVersion: string;
  promptTokens: number;
  completionTokens: number;
  queueMs: number;
  timeToFirstTokenMs: number;
  totalMs: number;
  finishReason: FinishReason;
  /**
   * Mean probability the model gave the reply's tokens (every generated token, the one that ended the
   * reply included), under its raw softmax; null for replies from workers that did not report it.
   */
  meanTokenProbability: number | null;
  /** The smallest of those probabilities: the reply's least confident token; null as above. */
  minTokenProbability: number | null;
}

/** A message as the service sends it over REST and websocket. */
export interface MessageDto {
  id: string;
  conversationId: string;
  /** Per-conversation, starts at 1, grows by one with no gaps. */
  seq: number;
  author: MessageAuthor;
  authorUserId: string | null;
  /** The agent's display name on an agent's message (shown by the widget); null for other authors. */
  authorName: string | null;
  text: string;
  clientMessageId: string | null;
  generation: GenerationStats | null;
  feedback: MessageFeedback | null;
  /** Knowledge-base articles a bot reply drew on, best first ("Source: <title>"); empty for other messages. */
  sources: MessageSourceDto[];
  createdAt: string;
}
