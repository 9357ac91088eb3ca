import type { WidgetLocale } from '@neodesk/contracts';
import type { WidgetHost } from '../shared/widget-host';
import { type ChatStrings, EN_STRINGS } from './chat-strings';

/** What a locale's file (strings-<locale>.<hash>.js, built by build.mjs) calls when it runs. */
export type RegisterStrings = (locale: WidgetLocale, strings: ChatStrings) => void;

const tables: Partial<Record<WidgetLocale, ChatStrings>> = { en: EN_STRINGS };
const requested = new Set<WidgetLocale>();
/** Locales whose file could not be loaded: shown in English meanwhile, and tried again after a while. */
const failed = new Set<WidgetLocale>();

const neodesk = (window as unknown as { Neodesk?: { __registerStrings?: RegisterStrings } }).Neodesk;
if (neodesk !== undefined) {
  neodesk.__registerStrings = (locale, strings) => {
    tables[locale] = strings;
  };
}

/**
 * The chat strings of a locale, or undefined while its file loads (English is in the chat bundle; French and
 * Arabic come from their own small hashed files, served under /widget/ like the chat bundle, so an English
 * visitor never downloads them). `changed` runs once the file has run, or failed: then the English strings
 * stand in until a later call, 10 s on, loads it.
 */
export function chatStrings(host: WidgetHost, locale: WidgetLocale, changed: () => void): ChatStrings | undefined {
  if (tables[locale] === undefined && !requested.has(locale)) {
    requested.add(locale);
    const tag = document.createElement('script');
    tag.src = `${host.serviceOrigin}/widget/${NEODESK_STRINGS_FILES[locale]}`;
    tag.async = true;
    tag.onload = () => {
      failed.delete(locale);
      changed();
    };
    tag.onerror = () => {
      tag.remove();
      failed.add(locale);
      setTimeout(() => requested.delete(locale), 10_000);
      console.warn(`[neodesk] could not load the ${locale} strings; English meanwhile`);
      changed();
    };
    host.root.append(tag);
  }
  return tables[locale] ?? (failed.has(locale) ? EN_STRINGS : undefined);
}
