import { z } from 'zod';
import { USER_ROLES } from '../workspaces/user-role';
import { messageSchema } from '../messages/message-api.dto';
import type { InboxCountsDto, TeammateDto } from './inbox.dto';

/** Most conversations one previews request names. */
export const MAX_PREVIEW_IDS = 100;

/** `GET /api/v1/inbox/counts`. */
export const inboxCountsSchema = z
  .object({
    mine: z.int(),
    unassigned: z.int(),
    waiting: z.int(),
    bot: z.int(),
    resolved: z.int(),
    all: z.int(),
  })
  .meta({
    examples: [{ mine: 2, unassigned: 3, waiting: 3, bot: 12, resolved: 40, all: 57 }],
  }) satisfies z.ZodType<InboxCountsDto>;

/** `GET /api/v1/inbox/previews?ids=a,b&q=words`. */
export const inboxPreviewsQuerySchema = z.strictObject({
  ids: z
    .string()
    .meta({ description: 'Conversation ids separated by commas (at most 100)' })
    .transform((value) => value.split(',').map((part) => part.trim()))
    .pipe(z.array(z.guid()).min(1).max(MAX_PREVIEW_IDS)),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .meta({ description: 'Preview the newest message matching these words instead of the newest one' })
    .optional(),
});
export type InboxPreviewsQuery = z.infer<typeof inboxPreviewsQuerySchema>;

export const teammateSchema = z.object({
  id: z.guid(),
  displayName: z.string(),
  role: z.enum(USER_ROLES),
  isActive: z.boolean(),
}) satisfies z.ZodType<TeammateDto>;

export const teammateListSchema = z.object({ data: z.array(teammateSchema) });

export const inboxPreviewListSchema = z.object({
  data: z.array(z.object({ conversationId: z.guid(), message: messageSchema })),
});
