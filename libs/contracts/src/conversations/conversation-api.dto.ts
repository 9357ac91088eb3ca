import { z } from 'zod';
import { CONVERSATION_CHANNELS, CONVERSATION_STATUSES } from './conversation-status';
import type { ConversationDto } from './conversation.dto';

const customerSchema = z
  .object({
    name: z.string().max(200).optional(),
    email: z.string().max(254).optional(),
    externalId: z.string().max(200).optional(),
  })
  .catchall(z.unknown());

/** The example conversation of the API documentation. */
export const CONVERSATION_EXAMPLE = {
  id: '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44',
  workspaceId: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  visitorId: 'crm-contact-4711',
  customer: { name: 'Ada Lovelace', email: 'ada@example.com', externalId: '4711' },
  channel: 'api',
  status: 'bot',
  assignedAgentId: null,
  labels: ['billing'],
  lastSeq: 3,
  metadata: { orderId: 'A-1001' },
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:02:00.000Z',
  lastMessageAt: '2026-11-26T10:02:00.000Z',
  resolvedAt: null,
};

/** A conversation as the REST API answers it (the same shape as the websocket's). */
export const conversationSchema = z
  .object({
    id: z.guid(),
    workspaceId: z.guid(),
    visitorId: z.string(),
    customer: customerSchema.nullable(),
    channel: z.enum(CONVERSATION_CHANNELS),
    status: z.enum(CONVERSATION_STATUSES),
    assignedAgentId: z.guid().nullable(),
    labels: z.array(z.string()),
    lastSeq: z.int(),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    lastMessageAt: z.iso.datetime().nullable(),
    resolvedAt: z.iso.datetime().nullable(),
  })
  .meta({ examples: [CONVERSATION_EXAMPLE] }) satisfies z.ZodType<ConversationDto>;

/** Longest label, and most labels on one conversation. */
export const MAX_LABEL_LENGTH = 50;
export const MAX_LABELS = 20;

const labels = z
  .array(
    z
      .string()
      .trim()
      .min(1)
      .max(MAX_LABEL_LENGTH)
      .regex(/^[^\s,]+$/, 'a label is one word without commas'),
  )
  .max(MAX_LABELS);

/** `POST /api/v1/conversations`: a conversation opened by a support system (channel `api`). */
export const createConversationRequestSchema = z
  .strictObject({
    /** The support system's id for the customer; the same visitor can have several conversations. */
    visitorId: z.string().trim().min(1).max(128),
    customer: customerSchema.nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({
    examples: [
      {
        visitorId: 'crm-contact-4711',
        customer: { name: 'Ada Lovelace', email: 'ada@example.com', externalId: '4711' },
        metadata: { orderId: 'A-1001' },
      },
    ],
  });
export type CreateConversationRequest = z.infer<typeof createConversationRequestSchema>;

/**
 * `PATCH /api/v1/conversations/:id`. Status changes follow the conversation rules: `human` needs an
 * assignee, handing back to `bot` drops it, `resolved` keeps who resolved it.
 */
export const updateConversationRequestSchema = z
  .strictObject({
    status: z.enum(CONVERSATION_STATUSES).optional(),
    /** A user of the workspace, or null to unassign. */
    assigneeId: z.guid().nullable().optional(),
    /** Replaces the labels. */
    labels: labels.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one of status, assigneeId, labels' })
  .meta({
    examples: [{ status: 'human', assigneeId: '9a3c5e7f-1b2d-4e6f-8a0b-2c4d6e8f0a1b', labels: ['billing', 'vip'] }],
  });
export type UpdateConversationRequest = z.infer<typeof updateConversationRequestSchema>;

export const CONVERSATION_SORTS = ['createdAt', 'updatedAt'] as const;
export type ConversationSort = (typeof CONVERSATION_SORTS)[number];

export const DEFAULT_CONVERSATION_PAGE = 25;
export const MAX_CONVERSATION_PAGE = 100;

/**
 * `GET /api/v1/conversations` query. Newest first by `sort`; `cursor` is the `nextCursor` of the previous
 * page. Date bounds are ISO 8601: `...From` inclusive, `...To` exclusive.
 */
export const listConversationsQuerySchema = z.strictObject({
  /** One status or several separated by commas. */
  status: z
    .string()
    .meta({ description: 'One status or several separated by commas', example: 'waiting_human,human' })
    .transform((value) => value.split(',').map((part) => part.trim()))
    .pipe(z.array(z.enum(CONVERSATION_STATUSES)).min(1))
    .optional(),
  /** A user id, or `none` for unassigned conversations. */
  assignee: z
    .union([z.literal('none'), z.guid()])
    .meta({ description: 'A user id, or `none` for unassigned conversations' })
    .optional(),
  label: z
    .string()
    .trim()
    .min(1)
    .max(MAX_LABEL_LENGTH)
    .meta({ description: 'Conversations with this label' })
    .optional(),
  createdFrom: z.iso.datetime({ offset: true }).meta({ description: 'Created at or after (ISO 8601)' }).optional(),
  createdTo: z.iso.datetime({ offset: true }).meta({ description: 'Created before (ISO 8601)' }).optional(),
  updatedFrom: z.iso.datetime({ offset: true }).meta({ description: 'Updated at or after (ISO 8601)' }).optional(),
  updatedTo: z.iso.datetime({ offset: true }).meta({ description: 'Updated before (ISO 8601)' }).optional(),
  /** Full-text search over the conversations' messages (whole words, any language). */
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .meta({ description: 'Words that a message of the conversation contains (full-text)', example: 'refund' })
    .optional(),
  sort: z.enum(CONVERSATION_SORTS).default('createdAt').meta({ description: 'Newest first by this timestamp' }),
  cursor: z
    .string()
    .min(1)
    .max(500)
    .meta({ description: '`nextCursor` of the previous page (same `sort`)' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_CONVERSATION_PAGE).default(DEFAULT_CONVERSATION_PAGE),
});
export type ListConversationsQuery = z.infer<typeof listConversationsQuerySchema>;

export const conversationPageSchema = z
  .object({
    data: z.array(conversationSchema),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .meta({
    examples: [
      {
        data: [CONVERSATION_EXAMPLE],
        nextCursor: 'eyJzIjoiYyIsInQiOiIyMDI2LTExLTI2VDEwOjAwOjAwLjAwMDAwMFoiLCJpIjoiNmMxZjlhM2UifQ',
      },
    ],
  });
export type ConversationPageDto = z.infer<typeof conversationPageSchema>;

export const conversationIdParamsSchema = z.strictObject({ id: z.guid() });
export type ConversationIdParams = z.infer<typeof conversationIdParamsSchema>;
