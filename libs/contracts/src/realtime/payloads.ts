import { z } from 'zod';
import {
  MAX_CLIENT_MESSAGE_ID_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_MESSAGE_SEQ,
  MESSAGE_FEEDBACK,
} from '../messages/message-author';
import { feedbackCommentSchema } from '../messages/message-feedback.dto';

// Lone UTF-16 surrogates cannot be stored as UTF-8, and NUL is rejected by PostgreSQL.
const wellFormed = (value: string): boolean => value.isWellFormed() && !value.includes('\u0000');

const conversationId = z.uuid();

/** Visitor or agent -> server `message:send`. */
export const sendMessagePayloadSchema = z.strictObject({
  conversationId,
  clientMessageId: z
    .string()
    .trim()
    .min(1)
    .max(MAX_CLIENT_MESSAGE_ID_LENGTH)
    .refine(wellFormed, 'must be valid Unicode text'),
  text: z
    .string()
    .max(MAX_MESSAGE_LENGTH)
    .refine((value) => value.trim().length > 0, 'cannot be empty')
    .refine(wellFormed, 'must be valid Unicode text'),
});
export type SendMessagePayload = z.infer<typeof sendMessagePayloadSchema>;

/** Visitor or agent -> server `conversation:resume`: the messages after `afterSeq` (0 for all). */
export const resumeConversationPayloadSchema = z.strictObject({
  conversationId,
  afterSeq: z.int().min(0).max(MAX_MESSAGE_SEQ),
});
export type ResumeConversationPayload = z.infer<typeof resumeConversationPayloadSchema>;

/** Any event about one conversation and nothing else (handoff, takeover, resolve, hand back). */
export const conversationRefPayloadSchema = z.strictObject({ conversationId });
export type ConversationRefPayload = z.infer<typeof conversationRefPayloadSchema>;

/** Visitor -> server `message:feedback`: rates a bot message, named by id or by sequence number (one of them). */
export const messageFeedbackPayloadSchema = z
  .strictObject({
    conversationId,
    messageId: z.uuid().optional(),
    seq: z.int().min(1).max(MAX_MESSAGE_SEQ).optional(),
    rating: z.enum(MESSAGE_FEEDBACK),
    comment: feedbackCommentSchema.optional(),
  })
  .refine((payload) => (payload.messageId === undefined) !== (payload.seq === undefined), {
    message: 'give messageId or seq (one of them)',
    path: ['messageId'],
  });
export type MessageFeedbackPayload = z.infer<typeof messageFeedbackPayloadSchema>;

/** Visitor or agent -> server `typing`. */
export const typingPayloadSchema = z.strictObject({
  conversationId,
  isTyping: z.boolean(),
});
export type TypingPayload = z.infer<typeof typingPayloadSchema>;

/** `socket.handshake.auth` of the `/visitor` namespace. */
export const visitorHandshakeAuthSchema = z.object({
  widgetKey: z.string().min(1).max(200),
  visitorToken: z.string().min(1).max(2000),
});
export type VisitorHandshakeAuth = z.infer<typeof visitorHandshakeAuthSchema>;

/** `socket.handshake.auth` of the `/agent` namespace. */
export const agentHandshakeAuthSchema = z.object({
  token: z.string().min(1).max(2000),
});
export type AgentHandshakeAuth = z.infer<typeof agentHandshakeAuthSchema>;
