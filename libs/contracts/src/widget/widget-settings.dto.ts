import { z } from 'zod';

import {
  PRE_CHAT_FIELD_MODES,
  type PreChatFieldMode,
  WIDGET_COLOR_PATTERN,
  WIDGET_LOCALES,
  WIDGET_POSITIONS,
  WIDGET_SETTINGS_LIMITS,
  type WidgetLocale,
  type WidgetPosition,
} from './widget-options';

export {
  PRE_CHAT_FIELD_MODES,
  RTL_WIDGET_LOCALES,
  WIDGET_COLOR_PATTERN,
  WIDGET_LOCALES,
  WIDGET_POSITIONS,
  WIDGET_SETTINGS_LIMITS,
} from './widget-options';
export type { PreChatFieldMode, WidgetLocale, WidgetPosition } from './widget-options';

/** How the widget looks and what it asks, per workspace (admins change it). */
export interface WidgetSettingsDto {
  /** Shown in the panel's header. */
  title: string;
  /** Brand colour, `#rrggbb`; the widget derives readable text colours from it. */
  color: string;
  position: WidgetPosition;
  /** Accessible name and tooltip of the launcher button. */
  launcherLabel: string;
  /** `auto` follows the page's `<html lang>` (then the browser), else the fixed locale. */
  locale: WidgetLocale | 'auto';
  preChatForm: { name: PreChatFieldMode; email: PreChatFieldMode };
  /** Whether an identity secret is set: then `identify()` without a valid hash is shown as unverified. */
  identitySecretSet: boolean;
  updatedAt: string;
}

const hexColor = z.string().regex(WIDGET_COLOR_PATTERN, 'must be a colour like #1f6feb');

/** `PATCH /api/v1/widget-settings` (admin): only the fields sent change. */
export const updateWidgetSettingsSchema = z.strictObject({
  title: z.string().trim().min(WIDGET_SETTINGS_LIMITS.title.min).max(WIDGET_SETTINGS_LIMITS.title.max).optional(),
  color: hexColor.optional(),
  position: z.enum(WIDGET_POSITIONS).optional(),
  launcherLabel: z
    .string()
    .trim()
    .min(WIDGET_SETTINGS_LIMITS.launcherLabel.min)
    .max(WIDGET_SETTINGS_LIMITS.launcherLabel.max)
    .optional(),
  locale: z.enum([...WIDGET_LOCALES, 'auto']).optional(),
  preChatForm: z.strictObject({ name: z.enum(PRE_CHAT_FIELD_MODES), email: z.enum(PRE_CHAT_FIELD_MODES) }).optional(),
});
export type UpdateWidgetSettingsRequest = z.infer<typeof updateWidgetSettingsSchema>;

/** `POST /api/v1/widget-settings/identity-secret` (admin): a new secret, shown in this answer only. */
export interface IdentitySecretDto {
  identitySecret: string;
}

/**
 * Public `GET /api/v1/widget/config?widgetKey=`: everything the widget needs to draw itself, and nothing
 * secret. Cacheable for a short while; the page's Origin must be allowed.
 */
export interface WidgetConfigDto {
  title: string;
  /** From the bot settings: the name the bot's messages carry. */
  botName: string;
  /** From the bot settings: the first thing the visitor reads. */
  greeting: string;
  color: string;
  position: WidgetPosition;
  launcherLabel: string;
  locale: WidgetLocale | 'auto';
  preChatForm: { name: PreChatFieldMode; email: PreChatFieldMode };
  /** True when the workspace checks identities: an unsigned `identify()` is shown as unverified. */
  identityVerification: boolean;
}

/** What `identify()` sends with a session (and `visitor:identify` later): who the visitor says they are. */
export const visitorIdentitySchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  email: z.email().max(254).optional(),
  /** Hex HMAC-SHA256 of the e-mail with the workspace's identity secret, computed by the site's server. */
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be a hex HMAC-SHA256')
    .optional(),
});
export type VisitorIdentity = z.infer<typeof visitorIdentitySchema>;

/** The identity a conversation carries after `identify()`: verified only with a valid hash. */
export interface VisitorIdentityDto {
  name: string | null;
  email: string | null;
  verified: boolean;
}

export const SATISFACTION_SCORES = [1, 2, 3, 4, 5] as const;
export const MAX_SATISFACTION_COMMENT_LENGTH = 1000;

/** Visitor -> server `conversation:satisfaction`: the answer to the question shown after resolve. */
export const satisfactionPayloadSchema = z.strictObject({
  conversationId: z.uuid(),
  score: z.int().min(1).max(5),
  comment: z.string().trim().max(MAX_SATISFACTION_COMMENT_LENGTH).optional(),
});
export type SatisfactionPayload = z.infer<typeof satisfactionPayloadSchema>;

/** A conversation's satisfaction answer (the last one counts), over REST and in the ack. */
export interface SatisfactionDto {
  conversationId: string;
  score: number;
  comment: string | null;
  /** When the first answer came. */
  createdAt: string;
  /** When the answer that counts (the last) came. */
  updatedAt: string;
}
