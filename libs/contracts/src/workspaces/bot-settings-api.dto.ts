import { z } from 'zod';
import {
  BOT_SETTINGS_LIMITS,
  type BotSettingsDto,
  GENERATION_PARAMETER_LIMITS,
  REAL_MIN_NORMAL,
} from './bot-settings.dto';

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
 * Each setting an admin can change, checked as stored: texts trimmed, generation parameters within
 * GENERATION_PARAMETER_LIMITS. The update and the preview (`POST /api/v1/bot-settings/preview`) share them.
 */
const storableReal = (range: { min: number; max: number }) =>
  z
    .number()
    .min(range.min)
    .max(range.max)
    .refine((value) => value === 0 || Math.abs(value) >= REAL_MIN_NORMAL, 'must be 0 or at least 1.2e-38');

export const botSettingsFieldSchemas = {
  botName: storableText(BOT_SETTINGS_LIMITS.botName.min, BOT_SETTINGS_LIMITS.botName.max),
  persona: storableText(BOT_SETTINGS_LIMITS.persona.min, BOT_SETTINGS_LIMITS.persona.max),
  greeting: storableText(BOT_SETTINGS_LIMITS.greeting.min, BOT_SETTINGS_LIMITS.greeting.max),
  fallbackMessage: storableText(BOT_SETTINGS_LIMITS.fallbackMessage.min, BOT_SETTINGS_LIMITS.fallbackMessage.max),
  handoffPhrases,
  maxNewTokens: z.int().min(limits.maxNewTokens.min).max(limits.maxNewTokens.max),
  temperature: storableReal(limits.temperature),
  topK: z.int().min(limits.topK.min).max(limits.topK.max),
  topP: storableReal(limits.topP),
  repetitionPenalty: storableReal(limits.repetitionPenalty),
};
const fields = botSettingsFieldSchemas;

/**
 * `PATCH /api/v1/bot-settings`: any subset of the fields; the others keep their values. Generation
 * parameters must lie within GENERATION_PARAMETER_LIMITS.
 */
export const updateBotSettingsRequestSchema = z
  .strictObject({
    botName: fields.botName.optional(),
    persona: fields.persona.optional(),
    greeting: fields.greeting.optional(),
    fallbackMessage: fields.fallbackMessage.optional(),
    /** Replaces the list. */
    handoffPhrases: fields.handoffPhrases.optional(),
    maxNewTokens: fields.maxNewTokens.optional(),
    temperature: fields.temperature.optional(),
    topK: fields.topK.optional(),
    topP: fields.topP.optional(),
    repetitionPenalty: fields.repetitionPenalty.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one setting to change' })
  .meta({ examples: [{ temperature: 0.7, topP: 0.9, handoffPhrases: ['talk to a human', 'real person'] }] });
export type UpdateBotSettingsRequest = z.infer<typeof updateBotSettingsRequestSchema>;
