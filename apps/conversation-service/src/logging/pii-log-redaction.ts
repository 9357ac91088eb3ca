import { redactPii } from '../guardrails/pii/pii-redactor';

/** Fields pino and pino-http fill with ids and figures, never with anybody's text. */
const SKIPPED_KEYS: ReadonlySet<string> = new Set(['level', 'time', 'pid', 'hostname', 'reqId', 'responseTime']);

/**
 * The last step of every log line (pino's `hooks.streamWrite`): personal data in any string field —
 * a message text in an error, an e-mail in a URL's query, a card number echoed by a validation error —
 * is masked before the line is written, whoever logged it. A URL-encoded value that holds personal data
 * is written decoded and masked (`q=jane%40example.com` as `q=[email]`).
 */
export function redactLogLine(line: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${redactLogString(line.replace(/\n$/u, ''))}\n`;
  }
  return `${JSON.stringify(walk(entry, 0))}\n`;
}

function walk(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return redactLogString(value);
  }
  if (depth > 32 || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => walk(item, depth + 1));
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SKIPPED_KEYS.has(key) ? item : walk(item, depth + 1)]),
  );
}

function redactLogString(text: string): string {
  const masked = redactPii(text);
  if (!/%[0-9A-Fa-f]{2}/u.test(text)) {
    return masked;
  }
  let plain: string;
  try {
    plain = decodeURIComponent(text.replace(/\+/gu, ' '));
  } catch {
    return masked;
  }
  const plainMasked = redactPii(plain);
  return plainMasked === plain ? masked : plainMasked;
}
