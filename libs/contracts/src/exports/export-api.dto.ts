import { z } from 'zod';
import { CONVERSATION_EXAMPLE, conversationSchema } from '../conversations/conversation-api.dto';
import { CONVERSATION_STATUSES } from '../conversations/conversation-status';
import { messageSchema } from '../messages/message-api.dto';

/**
 * Where a training example's reply comes from:
 * - `bot_positive`: a bot reply the customer or an agent rated positive;
 * - `agent_after_handoff`: an agent's answer to a customer message, written after the conversation went
 *   to a person: the answer the bot should have given.
 */
export const TRAINING_EXAMPLE_SOURCES = ['bot_positive', 'agent_after_handoff'] as const;
export type TrainingExampleSource = (typeof TRAINING_EXAMPLE_SOURCES)[number];

/** An instant (ISO 8601 with offset) or a day (`2026-11-26`, meaning its start, 00:00 UTC). */
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** `GET /api/v1/exports/training-data` query; `from` inclusive, `to` exclusive, on the reply's time. */
export const trainingDataQuerySchema = z
  .strictObject({
    from: instant.meta({ description: 'Replies written at or after (ISO 8601, or a day)' }).optional(),
    to: instant.meta({ description: 'Replies written before (ISO 8601, or a day)' }).optional(),
    source: z
      .enum(TRAINING_EXAMPLE_SOURCES)
      .meta({ description: 'Only examples of this source (default: both)' })
      .optional(),
    persona: booleanFlag
      .meta({ description: "`true` puts the workspace's current persona at the start of every prompt" })
      .default(false),
  })
  .refine((query) => query.from === undefined || query.to === undefined || dayStart(query.from) < dayStart(query.to), {
    message: 'from must be before to',
    path: ['to'],
  });
export type TrainingDataQuery = z.infer<typeof trainingDataQuerySchema>;

/** The start of a day given as `YYYY-MM-DD`, or the instant itself. */
export function dayStart(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}

const TRAINING_EXAMPLE = {
  conversationId: '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44',
  messageId: 'f4e3d2c1-b0a9-4876-9543-210fedcba987',
  messageSeq: 4,
  createdAt: '2026-11-26T10:03:00.000Z',
  source: 'agent_after_handoff',
  persona: null,
  turns: [
    { speaker: 'customer', text: 'Where is my order A-1001?' },
    { speaker: 'agent', text: 'Let me check that for you.' },
    { speaker: 'customer', text: 'It was due yesterday.' },
  ],
  completion: 'It left our warehouse this morning; you will have it tomorrow.',
  prompt:
    '<|endoftext|>Customer: Where is my order A-1001?<|endoftext|>Agent: Let me check that for you.<|endoftext|>' +
    'Customer: It was due yesterday.<|endoftext|>Agent:',
  text:
    '<|endoftext|>Customer: Where is my order A-1001?<|endoftext|>Agent: Let me check that for you.<|endoftext|>' +
    'Customer: It was due yesterday.<|endoftext|>Agent: It left our warehouse this morning; you will have it ' +
    'tomorrow.<|endoftext|>',
};

/**
 * One line of the training-data export. `turns` is the dialogue before the reply (at most the 40 turns a
 * bot reply is built from; bot and agent messages both speak as `agent`, system notices are left out),
 * `completion` the reply. `prompt` and `text` are the same in the bundled model's chat format:
 * `text` is what tools/model/train.py trains on (the prompt, the reply, end-of-text).
 */
export const trainingExampleSchema = z
  .object({
    conversationId: z.guid(),
    messageId: z.guid(),
    messageSeq: z.int(),
    createdAt: z.iso.datetime(),
    source: z.enum(TRAINING_EXAMPLE_SOURCES),
    /** The persona the prompt starts with (`persona=true`), otherwise null. */
    persona: z.string().nullable(),
    turns: z.array(z.object({ speaker: z.enum(['customer', 'agent']), text: z.string() })),
    completion: z.string(),
    prompt: z.string(),
    text: z.string(),
  })
  .meta({ examples: [TRAINING_EXAMPLE] });
export type TrainingExampleDto = z.infer<typeof trainingExampleSchema>;

export const TRANSCRIPT_FORMATS = ['json', 'csv'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/** `GET /api/v1/exports/transcripts` query; `from` inclusive, `to` exclusive, on the conversation's creation. */
export const transcriptsQuerySchema = z
  .strictObject({
    format: z.enum(TRANSCRIPT_FORMATS).default('json'),
    from: instant.meta({ description: 'Conversations created at or after (ISO 8601, or a day)' }).optional(),
    to: instant.meta({ description: 'Conversations created before (ISO 8601, or a day)' }).optional(),
    status: z
      .string()
      .meta({ description: 'One status or several separated by commas', example: 'resolved' })
      .transform((value) => value.split(',').map((part) => part.trim()))
      .pipe(z.array(z.enum(CONVERSATION_STATUSES)).min(1))
      .optional(),
  })
  .refine((query) => query.from === undefined || query.to === undefined || dayStart(query.from) < dayStart(query.to), {
    message: 'from must be before to',
    path: ['to'],
  });
export type TranscriptsQuery = z.infer<typeof transcriptsQuerySchema>;

/** The columns of the CSV transcript export, one row per message, oldest conversation first. */
export const TRANSCRIPT_CSV_COLUMNS = [
  'conversation_id',
  'conversation_created_at',
  'status',
  'channel',
  'visitor_id',
  'customer_name',
  'customer_email',
  'assigned_agent_id',
  'labels',
  'seq',
  'author',
  'author_user_id',
  'message_created_at',
  'text',
  'feedback',
  /** Titles of the knowledge-base articles a bot reply drew on, best first, separated by " | ". */
  'sources',
] as const;

/**
 * The JSON transcript export: `{ "data": [ { conversation, messages }, ... ] }`, oldest conversation first,
 * each with all its messages by sequence number; streamed, so it may be large.
 */
export const transcriptExportSchema = z
  .object({ data: z.array(z.object({ conversation: conversationSchema, messages: z.array(messageSchema) })) })
  .meta({
    examples: [
      {
        data: [
          {
            conversation: { ...CONVERSATION_EXAMPLE, lastSeq: 1 },
            messages: [
              {
                id: 'f4e3d2c1-b0a9-4876-9543-210fedcba987',
                conversationId: CONVERSATION_EXAMPLE.id,
                seq: 1,
                author: 'customer',
                authorUserId: null,
                text: 'Where is my order A-1001?',
                clientMessageId: null,
                generation: null,
                feedback: null,
                sources: [],
                createdAt: '2026-11-26T10:00:00.000Z',
              },
            ],
          },
        ],
      },
    ],
  });
export type TranscriptExportDto = z.infer<typeof transcriptExportSchema>;
