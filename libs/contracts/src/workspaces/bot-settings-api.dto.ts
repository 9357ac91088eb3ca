import { z } from 'zod';
import { type BotSettingsDto, GENERATION_PARAMETER_LIMITS } from './bot-settings.dto';

/** Lengths (characters) and counts a workspace's bot settings must keep to. */
export const BOT_SETTINGS_LIMITS = {
  botName: { min: 1, max: 60 },
  /** The persona leads every prompt; a long one crowds out the dialogue (the worker cuts it to fit). */
  persona: { min: 0, max: 2000 },
  greeting: { min: 1, max: 1000 },
  fallbackMessage: { min: 1, max: 1000 },
  handoffPhrases: { maxCount: 50, min: 2, max: 100 },
} as const;

/** Text that PostgreSQL can store and UTF-8 can encode: no NUL, no lone surrogate. */
function storableText(min: number, max: number): z.ZodString {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((text) => !text.includes('\u0000'), { message: 'must not contain NUL characters' })
    .refine((text) => text.isWellFormed(), { message: 'must be valid Unicode text' });
}

const limits = GENERATION_PARAMETER_LIMITS;

const BOT_SETTINGS_EXAMPLE = {
  botName: 'Neo',
  persona: 'You are Neo, the support assistant of this shop. Answer briefly and politely.',
  greeting: 'Hi! I am Neo, the virtual assistant. How can I help you today?',
  fallbackMessage: 'Sorry, I cannot answer right now. A member of our team will reply here.',
  handoffPhrases: ['talk to a human', 'real person'],
  maxNewTokens: 96,
  temperature: 0.7,
  topK: 40,
  topP: 0.9,
  repetitionPenalty: 1.1,
  updatedAt: '2026-11-26T10:00:00.000Z',
};

/** A workspace's bot settings as the REST API answers them. */
export const botSettingsSchema = z
  .object({
    botName: z.string(),
    /** The system part of every prompt; empty for none. */
    persona: z.string(),
    greeting: z.string(),
    /** Shown to the visitor when no worker can answer; the conversation then waits for a human. */
    fallbackMessage: z.string(),
    /** Customer phrases that ask for a person (matched case-insensitively, as whole words). */
    handoffPhrases: z.array(z.string()),
    maxNewTokens: z.int(),
    temperature: z.number(),
    topK: z.int(),
    topP: z.number(),
    repetitionPenalty: z.number(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ examples: [BOT_SETTINGS_EXAMPLE] }) satisfies z.ZodType<BotSettingsDto>;

const handoffPhrases = z
  .array(storableText(BOT_SETTINGS_LIMITS.handoffPhrases.min, BOT_SETTINGS_LIMITS.handoffPhrases.max))
  .max(BOT_SETTINGS_LIMITS.handoffPhrases.maxCount)
  .refine((phrases) => new Set(phrases.map((phrase) => phrase.toLowerCase())).size === phrases.length, {
    message: 'handoff phrases must not repeat (compared case-insensitively)',
  });

/**
 * `PATCH /api/v1/bot-settings`: any subset of the fields; the others keep their values. Generation
 * parameters must lie within GENERATION_PARAMETER_LIMITS.
 */
export const updateBotSettingsRequestSchema = z
  .strictObject({
    botName: storableText(BOT_SETTINGS_LIMITS.botName.min, BOT_SETTINGS_LIMITS.botName.max).optional(),
    persona: storableText(BOT_SETTINGS_LIMITS.persona.min, BOT_SETTINGS_LIMITS.persona.max).optional(),
    greeting: storableText(BOT_SETTINGS_LIMITS.greeting.min, BOT_SETTINGS_LIMITS.greeting.max).optional(),
    fallbackMessage: storableText(
      BOT_SETTINGS_LIMITS.fallbackMessage.min,
      BOT_SETTINGS_LIMITS.fallbackMessage.max,
    ).optional(),
    /** Replaces the list. */
    handoffPhrases: handoffPhrases.optional(),
    maxNewTokens: z.int().min(limits.maxNewTokens.min).max(limits.maxNewTokens.max).optional(),
    temperature: z.number().min(limits.temperature.min).max(limits.temperature.max).optional(),
    topK: z.int().min(limits.topK.min).max(limits.topK.max).optional(),
    topP: z.number().min(limits.topP.min).max(limits.topP.max).optional(),
    repetitionPenalty: z.number().min(limits.repetitionPenalty.min).max(limits.repetitionPenalty.max).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one setting to change' })
  .meta({ examples: [{ temperature: 0.7, topP: 0.9, handoffPhrases: ['talk to a human', 'real person'] }] });
export type UpdateBotSettingsRequest = z.infer<typeof updateBotSettingsRequestSchema>;
