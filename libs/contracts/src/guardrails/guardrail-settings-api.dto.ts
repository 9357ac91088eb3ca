import { z } from 'zod';
import {
  ALLOWED_LINK_DOMAIN_PATTERN,
  DEFAULT_GUARDRAIL_SETTINGS,
  GUARDRAIL_ACTIONS,
  GUARDRAIL_LIMITS,
  GUARDRAIL_RULES,
  type GuardrailSettings,
} from './guardrail-settings';

/** Text PostgreSQL can store and UTF-8 can encode, trimmed. */
function text(min: number, max: number): z.ZodString {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((value) => !value.includes('\u0000'), { message: 'must not contain NUL characters' })
    .refine((value) => value.isWellFormed(), { message: 'must be valid Unicode text' });
}

function phraseList(limits: { maxCount: number; min: number; max: number }) {
  return z
    .array(text(limits.min, limits.max))
    .max(limits.maxCount)
    .refine((list) => new Set(list.map((entry) => entry.toLowerCase())).size === list.length, {
      message: 'entries must not repeat',
    });
}

/** A bare domain name (`example.com`, `help.example.co.uk`), lowercased; no scheme, port or path. */
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .min(GUARDRAIL_LIMITS.allowedLinkDomains.min)
  .max(GUARDRAIL_LIMITS.allowedLinkDomains.max)
  .regex(ALLOWED_LINK_DOMAIN_PATTERN, 'must be a domain name such as example.com');

const probability = (limits: { min: number; max: number }) => z.number().min(limits.min).max(limits.max);

const settingsShape = {
  useDefaultBlockedTerms: z.boolean(),
  blockedTerms: phraseList(GUARDRAIL_LIMITS.blockedTerms),
  forbiddenPromises: phraseList(GUARDRAIL_LIMITS.forbiddenPromises),
  allowedLinkDomains: z
    .array(domain)
    .max(GUARDRAIL_LIMITS.allowedLinkDomains.maxCount)
    .refine((list) => new Set(list).size === list.length, { message: 'domains must not repeat' }),
  maxReplyCharacters: z.int().min(GUARDRAIL_LIMITS.maxReplyCharacters.min).max(GUARDRAIL_LIMITS.maxReplyCharacters.max),
  stopRepetition: z.boolean(),
  safeFallbackMessage: text(GUARDRAIL_LIMITS.safeFallbackMessage.min, GUARDRAIL_LIMITS.safeFallbackMessage.max),
  minMeanTokenProbability: probability(GUARDRAIL_LIMITS.minMeanTokenProbability),
  minTokenProbability: probability(GUARDRAIL_LIMITS.minTokenProbability),
  handoffOnRepeatedQuestion: z.boolean(),
  handoffOnNegativeRatings: z.boolean(),
  flagAbusiveInput: z.boolean(),
  abusiveInputReply: text(GUARDRAIL_LIMITS.abusiveInputReply.min, GUARDRAIL_LIMITS.abusiveInputReply.max),
  redactPiiInExports: z.boolean(),
  redactPiiInWebhooks: z.boolean(),
  storeOriginalPii: z.boolean(),
} satisfies Record<keyof GuardrailSettings, z.ZodType>;

/** `GET /api/v1/guardrails`: every setting, the defaults where the workspace changed nothing. */
export const guardrailSettingsSchema = z
  .object({ ...settingsShape, updatedAt: z.iso.datetime() })
  .meta({ examples: [{ ...DEFAULT_GUARDRAIL_SETTINGS, updatedAt: '2026-12-02T10:00:00.000Z' }] });

/** `PATCH /api/v1/guardrails`: any subset. */
export const updateGuardrailSettingsRequestSchema = z
  .strictObject(
    Object.fromEntries(Object.entries(settingsShape).map(([key, schema]) => [key, schema.optional()])) as {
      [K in keyof typeof settingsShape]: z.ZodOptional<(typeof settingsShape)[K]>;
    },
  )
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one setting to change' })
  .meta({ examples: [{ blockedTerms: ['competitorname'], minMeanTokenProbability: 0.35 }] });
export type UpdateGuardrailSettingsRequest = z.infer<typeof updateGuardrailSettingsRequestSchema>;

export const guardrailDecisionSchema = z
  .object({
    id: z.guid(),
    conversationId: z.guid(),
    rule: z.enum(GUARDRAIL_RULES),
    action: z.enum(GUARDRAIL_ACTIONS),
    replyId: z.guid().nullable(),
    messageSeq: z.int().nullable(),
    excerpt: z.string(),
    detail: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({
    examples: [
      {
        id: '2f1d7c3e-9a4b-4e5f-8c6d-1a2b3c4d5e6f',
        conversationId: '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44',
        rule: 'forbidden_promise',
        action: 'reply_replaced',
        replyId: '7d2e8f4a-0b5c-4d6e-9f7a-2b3c4d5e6f70',
        messageSeq: 4,
        excerpt: 'I have refunded',
        detail: 'The reply made a promise the workspace forbids ("i have refunded"); it was stopped and replaced.',
        createdAt: '2026-12-02T10:00:00.000Z',
      },
    ],
  });

export const guardrailDecisionListSchema = z.object({ data: z.array(guardrailDecisionSchema) });
