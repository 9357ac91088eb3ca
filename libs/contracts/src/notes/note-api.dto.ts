import { z } from 'zod';
import { MAX_NOTE_LENGTH, type NoteDto } from './note.dto';

const NOTE_EXAMPLE = {
  id: '0b8e4c2a-7d1f-4e3b-9a6c-5f2d8e1b0c47',
  conversationId: '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44',
  authorUserId: '9a3c5e7f-1b2d-4e6f-8a0b-2c4d6e8f0a1b',
  authorName: 'Grace',
  text: 'Customer already asked twice; refund approved by billing.',
  createdAt: '2026-11-26T10:05:00.000Z',
};

/** `POST /api/v1/conversations/:id/notes`. */
export const createNoteRequestSchema = z
  .strictObject({
    text: z
      .string()
      .max(MAX_NOTE_LENGTH)
      .refine((value) => value.trim().length > 0, 'cannot be empty')
      .refine((value) => value.isWellFormed() && !value.includes('\u0000'), 'must be valid Unicode text'),
  })
  .meta({ examples: [{ text: NOTE_EXAMPLE.text }] });
export type CreateNoteRequest = z.infer<typeof createNoteRequestSchema>;

export const noteSchema = z
  .object({
    id: z.guid(),
    conversationId: z.guid(),
    authorUserId: z.guid().nullable(),
    authorName: z.string().nullable(),
    text: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ examples: [NOTE_EXAMPLE] }) satisfies z.ZodType<NoteDto>;

/** `GET /api/v1/conversations/:id/notes`: oldest first. */
export const noteListSchema = z.object({ data: z.array(noteSchema) });
export type NoteListDto = z.infer<typeof noteListSchema>;
