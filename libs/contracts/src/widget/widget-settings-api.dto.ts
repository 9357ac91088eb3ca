import { z } from 'zod';
import {
  type IdentitySecretDto,
  PRE_CHAT_FIELD_MODES,
  type SatisfactionDto,
  WIDGET_LOCALES,
  WIDGET_POSITIONS,
  type WidgetConfigDto,
  type WidgetSettingsDto,
} from './widget-settings.dto';

// Schemas of the answers, for the OpenAPI description; the widget itself imports only the types.

const preChatForm = z.object({ name: z.enum(PRE_CHAT_FIELD_MODES), email: z.enum(PRE_CHAT_FIELD_MODES) });

/** `GET` and `PATCH /api/v1/widget-settings`. */
export const widgetSettingsSchema = z
  .object({
    title: z.string(),
    color: z.string(),
    position: z.enum(WIDGET_POSITIONS),
    launcherLabel: z.string(),
    locale: z.enum([...WIDGET_LOCALES, 'auto']),
    preChatForm,
    identitySecretSet: z.boolean(),
    updatedAt: z.iso.datetime(),
  })
  .meta({
    examples: [
      {
        title: 'Chat with us',
        color: '#1f6feb',
        position: 'right',
        launcherLabel: 'Chat with us',
        locale: 'auto',
        preChatForm: { name: 'optional', email: 'required' },
        identitySecretSet: false,
        updatedAt: '2026-11-26T10:00:00.000Z',
      },
    ],
  }) satisfies z.ZodType<WidgetSettingsDto>;

/** `POST /api/v1/widget-settings/identity-secret`. */
export const identitySecretSchema = z.object({
  identitySecret: z.string(),
}) satisfies z.ZodType<IdentitySecretDto>;

/** `GET /api/v1/widget/config` (documented for completeness; the route is the widget's own). */
export const widgetConfigSchema = z.object({
  title: z.string(),
  botName: z.string(),
  greeting: z.string(),
  color: z.string(),
  position: z.enum(WIDGET_POSITIONS),
  launcherLabel: z.string(),
  locale: z.enum([...WIDGET_LOCALES, 'auto']),
  preChatForm,
  identityVerification: z.boolean(),
}) satisfies z.ZodType<WidgetConfigDto>;

/** `GET /api/v1/conversations/:id/satisfaction`. */
export const satisfactionSchema = z
  .object({
    conversationId: z.uuid(),
    score: z.int().min(1).max(5),
    comment: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({
    examples: [
      {
        conversationId: '6c1f0e4e-3b1d-4f52-9d8e-1f2a3b4c5d6e',
        score: 5,
        comment: 'Quick and friendly.',
        createdAt: '2026-11-26T10:05:00.000Z',
        updatedAt: '2026-11-26T10:05:00.000Z',
      },
    ],
  }) satisfies z.ZodType<SatisfactionDto>;
