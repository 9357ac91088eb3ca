import { z } from 'zod';
import { BOT_REPLY_OUTCOMES } from '../bot/bot-reply';
import { CONVERSATION_EXAMPLE, conversationSchema } from '../conversations/conversation-api.dto';
import {
  FINISH_REASONS,
  MAX_MESSAGE_LENGTH,
  MAX_MESSAGE_SEQ,
  MESSAGE_AUTHORS,
  MESSAGE_FEEDBACK,
} from './message-author';
import { messageSourceSchema } from '../knowledge/knowledge-article-api.dto';
import type { MessageDto } from './message.dto';

const messageExample = {
  id: 'f4e3d2c1-b0a9-4876-9543-210fedcba987',
  conversationId: '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44',
  seq: 4,
  author: 'customer',
  authorUserId: null,
  authorName: null,
  text: 'Where is my order A-1001?',
  clientMessageId: 'crm-msg-88412',
  generation: null,
  feedback: null,
  sources: [],
  createdAt: '2026-11-26T10:03:00.000Z',
};

/** A message as the REST API answers it (the same shape as the websocket's). */
export const messageSchema = z
  .object({
    id: z.guid(),
    conversationId: z.guid(),
    /** Per conversation, from 1, without gaps. */
    seq: z.int(),
    author: z.enum(MESSAGE_AUTHORS),
    authorUserId: z.guid().nullable(),
    /** The agent's display name on an agent's message; null for other authors. */
    authorName: z.string().nullable(),
    text: z.string(),
    /** The `Idempotency-Key` it was posted with (or the widget's client message id). */
    clientMessageId: z.string().nullable(),
    /** Model and timing figures of a bot reply; null for other authors. */
    generation: z
      .object({
        modelId: z.string(),
        modelVersion: z.string(),
        promptTokens: z.int(),
        completionTokens: z.int(),
        queueMs: z.number(),
        timeToFirstTokenMs: z.number(),
        totalMs: z.number(),
        finishReason: z.enum(FINISH_REASONS),
        /** Mean probability the model gave the reply's tokens (0-1); null when the worker did not report it. */
        meanTokenProbability: z.number().nullable(),
        /** The smallest token probability of the reply (its least confident token); null as above. */
        minTokenProbability: z.number().nullable(),
      })
      .nullable(),
    feedback: z.enum(MESSAGE_FEEDBACK).nullable(),
    /** Knowledge-base articles a bot reply drew on, best first, with their titles when it was written. */
    sources: z.array(messageSourceSchema),
    createdAt: z.iso.datetime(),
  })
  .meta({ examples: [messageExample] }) satisfies z.ZodType<MessageDto>;

export const DEFAULT_MESSAGE_PAGE = 100;
export const MAX_MESSAGE_PAGE = 500;

/**
 * `GET /api/v1/conversations/:id/messages` query: oldest first after `afterSeq` (default 0: from the
 * start), or the messages just before `beforeSeq` (scrolling back), still oldest first.
 */
export const listMessagesQuerySchema = z
  .strictObject({
    afterSeq: z.coerce.number().int().min(0).max(MAX_MESSAGE_SEQ).optional(),
    beforeSeq: z.coerce.number().int().min(1).max(MAX_MESSAGE_SEQ).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_MESSAGE_PAGE).default(DEFAULT_MESSAGE_PAGE),
  })
  .refine((query) => query.afterSeq === undefined || query.beforeSeq === undefined, {
    message: 'give afterSeq or beforeSeq, not both',
    path: ['beforeSeq'],
  });
export type ListMessagesQuery = z.infer<typeof listMessagesQuerySchema>;

export const messagePageSchema = z
  .object({ data: z.array(messageSchema) })
  .meta({ examples: [{ data: [messageExample] }] });
export type MessagePageDto = z.infer<typeof messagePageSchema>;

export const MESSAGE_POST_AUTHORS = ['customer', 'agent'] as const;
export type MessagePostAuthor = (typeof MESSAGE_POST_AUTHORS)[number];

/**
 * `POST /api/v1/conversations/:id/messages`. An agent message needs a user: the caller with an agent
 * token, `agentUserId` (a user of the workspace) with an API key.
 */
export const postMessageRequestSchema = z
  .strictObject({
    author: z.enum(MESSAGE_POST_AUTHORS),
    text: z.string().min(1).max(MAX_MESSAGE_LENGTH),
    agentUserId: z.guid().optional(),
  })
  .refine((body) => body.author === 'agent' || body.agentUserId === undefined, {
    message: 'agentUserId is only for agent messages',
    path: ['agentUserId'],
  })
  .meta({ examples: [{ author: 'customer', text: 'Where is my order A-1001?' }] });
export type PostMessageRequest = z.infer<typeof postMessageRequestSchema>;

/**
 * `?wait=true` waits for the bot reply the message started (up to 30 s) and answers it in `reply`;
 * a reply that no worker could give answers 503 (the message itself is stored: retry with the same key).
 */
export const postMessageQuerySchema = z.strictObject({
  wait: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
export type PostMessageQuery = z.infer<typeof postMessageQuerySchema>;

export const postedMessageSchema = z
  .object({
    message: messageSchema,
    conversation: conversationSchema,
    /** The bot reply this message started, or null (a human owns the conversation, or an agent wrote). */
    replyId: z.string().nullable(),
    /** With `?wait=true` and a reply started: how it ended (`pending`: still running after the wait). */
    reply: z
      .object({
        outcome: z.enum([...BOT_REPLY_OUTCOMES, 'pending']),
        message: messageSchema.nullable(),
      })
      .optional(),
  })
  .meta({ examples: [{ message: messageExample, conversation: CONVERSATION_EXAMPLE, replyId: null }] });
export type PostedMessageDto = z.infer<typeof postedMessageSchema>;

/** Printable ASCII, 1 to 128 characters; it becomes the message's client message id. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;
