import { z } from 'zod';
import { MAX_MESSAGE_SEQ, MESSAGE_FEEDBACK, type MessageFeedback } from './message-author';

/** Longest comment a visitor may leave with a rating, in characters. */
export const MAX_FEEDBACK_COMMENT_LENGTH = 1000;

/** The rating of one bot message, as answered and sent in `feedback.created`. */
export interface MessageFeedbackDto {
  conversationId: string;
  messageId: string;
  seq: number;
  rating: MessageFeedback;
  comment: string | null;
  createdAt: string;
}

// Lone UTF-16 surrogates cannot be stored as UTF-8, and NUL is rejected by PostgreSQL.
const wellFormed = (value: string): boolean => value.isWellFormed() && !value.includes('\u0000');

/** An optional comment: trimmed, at most 1,000 characters; an empty one counts as none. */
export const feedbackCommentSchema = z
  .string()
  .max(MAX_FEEDBACK_COMMENT_LENGTH)
  .refine(wellFormed, 'must be valid Unicode text');

const feedbackExample = {
  conversationId: '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44',
  messageId: 'f4e3d2c1-b0a9-4876-9543-210fedcba987',
  seq: 5,
  rating: 'negative',
  comment: 'It did not know my order.',
  createdAt: '2026-11-26T10:04:00.000Z',
};

export const messageFeedbackSchema = z
  .object({
    conversationId: z.guid(),
    messageId: z.guid(),
    seq: z.int(),
    rating: z.enum(MESSAGE_FEEDBACK),
    comment: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ examples: [feedbackExample] }) satisfies z.ZodType<MessageFeedbackDto>;

/** `POST /api/v1/conversations/:id/messages/:seq/feedback`: rate a bot message (again: the last rating counts). */
export const rateMessageRequestSchema = z
  .strictObject({
    rating: z.enum(MESSAGE_FEEDBACK),
    comment: feedbackCommentSchema.optional(),
  })
  .meta({ examples: [{ rating: 'negative', comment: 'It did not know my order.' }] });
export type RateMessageRequest = z.infer<typeof rateMessageRequestSchema>;

export const messageFeedbackParamsSchema = z.strictObject({
  id: z.guid(),
  seq: z.coerce.number().int().min(1).max(MAX_MESSAGE_SEQ),
});
export type MessageFeedbackParams = z.infer<typeof messageFeedbackParamsSchema>;
