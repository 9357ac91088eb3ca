/** The widget settings' choices and limits, zod-free: the service's schemas and the dashboard's forms share them. */

/** Languages the widget ships tables for; `ar` is written right to left. */
export const WIDGET_LOCALES = ['en', 'fr', 'ar'] as const;
export type WidgetLocale = (typeof WIDGET_LOCALES)[number];
/** Locales written right to left. */
export const RTL_WIDGET_LOCALES: readonly WidgetLocale[] = ['ar'];

export const WIDGET_POSITIONS = ['left', 'right'] as const;
export type WidgetPosition = (typeof WIDGET_POSITIONS)[number];

/** A pre-chat form field: not asked, asked but optional, or required before the first message. */
export const PRE_CHAT_FIELD_MODES = ['off', 'optional', 'required'] as const;
export type PreChatFieldMode = (typeof PRE_CHAT_FIELD_MODES)[number];

export const WIDGET_SETTINGS_LIMITS = {
  title: { min: 1, max: 60 },
  launcherLabel: { min: 1, max: 40 },
} as const;

/** The brand colour's form, `#rrggbb`. */
export const WIDGET_COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
