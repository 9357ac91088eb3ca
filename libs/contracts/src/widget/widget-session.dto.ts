import { z } from 'zod';
import type { ConversationDto } from '../conversations/conversation.dto';

/**
 * `POST /api/v1/widget/sessions`. A returning visitor sends back the visitorId and visitorToken it was
 * given; a visitorId alone is never trusted, since it would let anyone read that visitor's conversation.
 */
export const createWidgetSessionRequestSchema = z
  .strictObject({
    widgetKey: z.string().min(1).max(200),
    visitorId: z.string().trim().min(1).max(128).optional(),
    visitorToken: z.string().min(1).max(2000).optional(),
  })
  .refine((body) => body.visitorId === undefined || body.visitorToken !== undefined, {
    message: 'visitorId needs the visitorToken it was issued with',
    path: ['visitorToken'],
  });
export type CreateWidgetSessionRequest = z.infer<typeof createWidgetSessionRequestSchema>;

export interface WidgetSessionDto {
  visitorId: string;
  /** Goes into `socket.handshake.auth.visitorToken` on `/visitor`. */
  visitorToken: string;
  /** Seconds until the token expires; a new session renews it. */
  expiresIn: number;
  /** The visitor's newest open conversation, or a new one. */
  conversation: ConversationDto;
}
