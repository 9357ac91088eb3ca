import type { WidgetLocale } from '@neodesk/contracts';

// Mirrors WIDGET_LOCALES and RTL_WIDGET_LOCALES of the contracts, whose module also holds zod schemas.
const LOCALES: readonly WidgetLocale[] = ['en', 'fr', 'ar'];
const RTL: readonly WidgetLocale[] = ['ar'];

export function isWidgetLocale(value: unknown): value is WidgetLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** `fr-CA` -> `fr`; anything we have no table for -> undefined. */
function supported(tag: string | null | undefined): WidgetLocale | undefined {
  const language = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return isWidgetLocale(language) ? language : undefined;
}

/** The config's fixed locale, else the page's `<html lang>`, else the browser's languages, else English. */
export function pickLocale(configured: WidgetLocale | 'auto' | undefined): WidgetLocale {
  if (configured !== undefined && configured !== 'auto') {
    return configured;
  }
  const candidates = [document.documentElement.lang, ...(navigator.languages ?? []), navigator.language];
  for (const candidate of candidates) {
    const locale = supported(candidate);
    if (locale !== undefined) {
      return locale;
    }
  }
  return 'en';
}

export function directionOf(locale: WidgetLocale): 'ltr' | 'rtl' {
  return RTL.includes(locale) ? 'rtl' : 'ltr';
}
