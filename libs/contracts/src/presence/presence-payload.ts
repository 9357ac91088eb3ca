import { z } from 'zod';
import { AGENT_PRESENCE_STATUSES } from './presence.dto';

/** Agent -> server `presence:set`: this dashboard tab's status. */
export const presencePayloadSchema = z.strictObject({ status: z.enum(AGENT_PRESENCE_STATUSES) });
export type PresencePayload = z.infer<typeof presencePayloadSchema>;
