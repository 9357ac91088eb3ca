import { z } from 'zod';
import {
  CANNED_REPLY_SHORTCUT_PATTERN,
  type CannedReplyDto,
  MAX_CANNED_REPLY_SHORTCUT_LENGTH,
  MAX_CANNED_REPLY_TEXT_LENGTH,
} from './canned-reply.dto';

const CANNED_REPLY_EXAMPLE = {
  id: '3f6a2d1c-8b4e-4a7f-9c2d-1e5b7a9c0d3e',
  shortcut: 'refund',
  text: 'Your refund is on its way: it shows on your statement within 5 working days.',
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
};

const shortcut = z
  .string()
  .trim()
  .min(1)
  .max(MAX_CANNED_REPLY_SHORTCUT_LENGTH)
  .regex(CANNED_REPLY_SHORTCUT_PATTERN, 'lowercase letters, digits, - and _ (starting with a letter or digit)');
const text = z
  .string()
  .max(MAX_CANNED_REPLY_TEXT_LENGTH)
  .refine((value) => value.trim().length > 0, 'cannot be empty')
  .refine((value) => value.isWellFormed() && !value.includes('\u0000'), 'must be valid Unicode text');

/** `POST /api/v1/canned-replies`. */
export const createCannedReplyRequestSchema = z
  .strictObject({ shortcut, text })
  .meta({ examples: [{ shortcut: CANNED_REPLY_EXAMPLE.shortcut, text: CANNED_REPLY_EXAMPLE.text }] });
export type CreateCannedReplyRequest = z.infer<typeof createCannedReplyRequestSchema>;

/** `PATCH /api/v1/canned-replies/:id`: only the fields sent change. */
export const updateCannedReplyRequestSchema = z
  .strictObject({ shortcut: shortcut.optional(), text: text.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'give shortcut or text' })
  .meta({ examples: [{ text: CANNED_REPLY_EXAMPLE.text }] });
export type UpdateCannedReplyRequest = z.infer<typeof updateCannedReplyRequestSchema>;

export const cannedReplySchema = z
  .object({
    id: z.guid(),
    shortcut: z.string(),
    text: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ examples: [CANNED_REPLY_EXAMPLE] }) satisfies z.ZodType<CannedReplyDto>;

/** `GET /api/v1/canned-replies`: by shortcut. */
export const cannedReplyListSchema = z.object({ data: z.array(cannedReplySchema) });
export type CannedReplyListDto = z.infer<typeof cannedReplyListSchema>;

export const cannedReplyIdParamsSchema = z.strictObject({ id: z.guid() });
