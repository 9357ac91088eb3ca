import {
  type PreChatFieldMode,
  WIDGET_COLOR_PATTERN,
  WIDGET_SETTINGS_LIMITS,
  type WidgetLocale,
  type WidgetPosition,
  type WidgetSettingsDto,
} from '@neodesk/contracts';
import { contrast, luminance, onBrandColor } from '../../../../widget/src/theme/brand-color';
import type { WidgetSettingsChanges } from './widget-settings-api';

/** The look, language and pre-chat form as typed (the colour may be half typed). */
export interface WidgetDraft {
  title: string;
  color: string;
  position: WidgetPosition;
  launcherLabel: string;
  locale: WidgetLocale | 'auto';
  preChatForm: { name: PreChatFieldMode; email: PreChatFieldMode };
}

export function widgetDraftOf(settings: WidgetSettingsDto): WidgetDraft {
  return {
    title: settings.title,
    color: settings.color,
    position: settings.position,
    launcherLabel: settings.launcherLabel,
    locale: settings.locale,
    preChatForm: { ...settings.preChatForm },
  };
}

export function widgetDraftErrors(draft: WidgetDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const name of ['title', 'launcherLabel'] as const) {
    const { min, max } = WIDGET_SETTINGS_LIMITS[name];
    const length = draft[name].trim().length;
    if (length < min) {
      errors[name] = 'Required.';
    } else if (length > max) {
      errors[name] = `At most ${max} characters (now ${length}).`;
    }
  }
  if (!WIDGET_COLOR_PATTERN.test(draft.color)) {
    errors.color = 'A colour like #1f6feb: # and six hexadecimal digits.';
  }
  return errors;
}

/** The fields that differ from the saved settings, as the PATCH sends them. */
export function widgetChangesOf(draft: WidgetDraft, saved: WidgetSettingsDto): WidgetSettingsChanges {
  const changes: WidgetSettingsChanges = {};
  for (const name of ['title', 'launcherLabel'] as const) {
    if (draft[name].trim() !== saved[name]) {
      changes[name] = draft[name].trim();
    }
  }
  if (draft.color.toLowerCase() !== saved.color.toLowerCase()) {
    changes.color = draft.color;
  }
  if (draft.position !== saved.position) {
    changes.position = draft.position;
  }
  if (draft.locale !== saved.locale) {
    changes.locale = draft.locale;
  }
  if (draft.preChatForm.name !== saved.preChatForm.name || draft.preChatForm.email !== saved.preChatForm.email) {
    changes.preChatForm = { ...draft.preChatForm };
  }
  return changes;
}

/** How white text reads on the brand colour, and what the widget writes on it (the widget's own rule). */
export function brandContrast(color: string): { withWhite: number; onBrand: '#ffffff' | '#111111'; withText: number } {
  const level = luminance(color);
  const onBrand = onBrandColor(color);
  return { withWhite: contrast(level, 1), onBrand, withText: contrast(level, luminance(onBrand)) };
}
