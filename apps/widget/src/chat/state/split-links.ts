export interface TextPart {
  text: string;
  /** Set for a web address that is safe to link. */
  href?: string;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
// Punctuation that usually ends the sentence rather than the address.
const TRAILING = /[.,;:!?)\]}'"»。、]+$/;

/** Splits text into plain runs and http(s) addresses; anything that does not parse stays text. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0].replace(TRAILING, '');
    const start = match.index ?? 0;
    let href: string | undefined;
    try {
      const url = new URL(raw);
      href = url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      href = undefined;
    }
    if (href === undefined || raw === '') {
      continue;
    }
    if (start > last) {
      parts.push({ text: text.slice(last, start) });
    }
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) {
    parts.push({ text: text.slice(last) });
  }
  return parts;
}
