import { z } from 'zod';
import { messageSourceSchema } from '../knowledge/knowledge-article-api.dto';
import { FINISH_REASONS } from '../messages/message-author';
import { botSettingsFieldSchemas as fields } from '../workspaces/bot-settings-api.dto';
import { BOT_PREVIEW_AUTHORS, BOT_PREVIEW_LIMITS, BOT_PREVIEW_OUTCOMES, type BotPreviewDto } from './bot-preview';

const turnText = z
  .string()
  .trim()
  .min(1)
  .max(BOT_PREVIEW_LIMITS.maxMessageLength)
  .refine((text) => !text.includes('\u0000') && text.isWellFormed(), { message: 'must be valid Unicode text' });

/**
 * `POST /api/v1/bot-settings/preview`: the settings to try (any left out take the saved values) and the
 * dialogue so far, ending with the customer message the bot answers.
 */
export const botPreviewRequestSchema = z
  .strictObject({
    persona: fields.persona.optional(),
    handoffPhrases: fields.handoffPhrases.optional(),
    maxNewTokens: fields.maxNewTokens.optional(),
    temperature: fields.temperature.optional(),
    topK: fields.topK.optional(),
    topP: fields.topP.optional(),
    repetitionPenalty: fields.repetitionPenalty.optional(),
    messages: z
      .array(z.strictObject({ author: z.enum(BOT_PREVIEW_AUTHORS), text: turnText }))
      .min(1)
      .max(BOT_PREVIEW_LIMITS.maxMessages)
      .refine((messages) => messages.at(-1)?.author === 'customer', {
        message: 'the last message must be the customer’s (the one the bot answers)',
      }),
  })
  .meta({
    examples: [
      {
        persona: 'You are Ada, the assistant of a bike shop. Answer in one sentence.',
        temperature: 0,
        messages: [{ author: 'customer', text: 'Do you repair e-bikes?' }],
      },
    ],
  });
export type BotPreviewRequest = z.infer<typeof botPreviewRequestSchema>;

export const botPreviewSchema = z
  .object({
    outcome: z.enum(BOT_PREVIEW_OUTCOMES),
    text: z.string(),
    stats: z
      .object({
        promptTokens: z.int(),
        completionTokens: z.int(),
        queueMs: z.number(),
        timeToFirstTokenMs: z.number(),
        totalMs: z.number(),
        tokensPerSecond: z.number().nullable(),
        finishReason: z.enum(FINISH_REASONS),
      })
      .nullable(),
    workerId: z.string().nullable(),
    modelId: z.string().nullable(),
    modelVersion: z.string().nullable(),
    /** Knowledge-base articles the reply drew on, best first (as a stored reply's `sources`). */
    sources: z.array(messageSourceSchema),
  })
  .meta({
    examples: [
      {
        outcome: 'completed',
        text: 'Yes, we repair e-bikes of every brand.',
        stats: {
          promptTokens: 58,
          completionTokens: 11,
          queueMs: 2,
          timeToFirstTokenMs: 140,
          totalMs: 610,
          tokensPerSecond: 21.3,
          finishReason: 'eos',
        },
        workerId: '2f7d0c4e-8a1b-4c3d-9e5f-6a7b8c9d0e1f',
        modelId: 'smollm2-135m-instruct',
        modelVersion: 'q8',
        sources: [],
      },
    ],
  }) satisfies z.ZodType<BotPreviewDto>;
