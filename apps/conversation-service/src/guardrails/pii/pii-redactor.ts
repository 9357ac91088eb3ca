/**
 * Personal data in free text (a customer's message, a log line), found and masked:
 *
 * | kind     | found when                                                            | mask                  |
 * |----------|-----------------------------------------------------------------------|-----------------------|
 * | password | "password is X", "password: X", "pwd=X", "passcode X"... (the value)  | `[password]`          |
 * | email    | local@domain.tld                                                      | `[email]`             |
 * | iban     | country code, 2 check digits, 11-30 letters/digits; mod-97 checked    | `[iban]`              |
 * | card     | 13-19 digits (spaces/dashes allowed), issuer prefix 2-6, Luhn checked | `[card ending 4242]`  |
 * | phone    | +international, or national with separators (0... or US 3-3-4)       | `[phone]`             |
 *
 * Checksums and shapes keep order numbers, dates, prices and times out: a run of digits is a card only
 * when Luhn accepts it, a phone number needs a leading `+`, a national trunk `0` with separators, or the
 * US `(555) 123-4567` shape; a date (`01.02.2024`, `2024-01-15`) has too few digits or the wrong groups.
 */
export type PiiKind = 'password' | 'email' | 'iban' | 'card' | 'phone';

export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
  mask: string;
}

const PASSWORD_WORDS =
  'passwords?|passwort|passwd|pwd|pass\\s?code|pass\\s?phrase|pass|pin(?:\\s?code)?|mot\\s+de\\s+passe|contrase(?:ñ|n)a|wachtwoord|senha';
// "password is X", "password: X", "pwd=X", "new password for my account is X", "password was X".
const PASSWORD = new RegExp(
  `\\b(?:${PASSWORD_WORDS})\\b(?:\\s+(?:for|of|to)\\s+[\\p{L}\\p{N} ]{1,30}?)?(?:\\s*[:=]\\s*|\\s+(?:is|was|est|ist|es|=)\\s*[:=]?\\s*)(["'\`«“]?)([^\\s"'\`»”]{1,100})\\1`,
  'giu',
);
/** Words that follow "password is" without being one ("my password is not working"). */
const NOT_A_PASSWORD = new Set([
  'not',
  'no',
  'wrong',
  'incorrect',
  'invalid',
  'expired',
  'working',
  'broken',
  'locked',
  'blocked',
  'correct',
  'right',
  'too',
  'the',
  'a',
  'an',
  'my',
  'your',
  'still',
  'being',
  'now',
  'also',
  'required',
  'missing',
  'empty',
  'reset',
  'changed',
  'forgotten',
  'lost',
  'case',
  'very',
  'same',
  'different',
  'weak',
  'strong',
  'same.',
  'ok',
  'fine',
  'gone',
  'ne',
  'nicht',
]);

const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,24}(?![\p{L}\p{N}])/gu;

// Country code, check digits, then groups of four (printed form) or one compact run; the tail group 1-4.
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?(?![\p{L}\p{N}])/giu;

/** The text before a digit run starts like an IBAN ("DE88 3704 "): the run is its tail, not a phone number. */
const IBAN_START = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4})*[ -]?$/iu;

const CARD = /(?<![\p{L}\p{N}.,+-])\d(?:[ -]?\d){12,18}(?![\p{L}\p{N}]|[.,]\d)/gu;

const SEP = '[ .\\-\u00a0]';
const PHONE_PATTERNS: readonly RegExp[] = [
  // International: +44 20 7946 0958, +1 (555) 123-4567, +4915112345678; 0044 20 7946 0958 (grouped only).
  new RegExp(`(?<![\\p{L}\\p{N}+#])\\+[1-9]\\d{0,2}(?:${SEP}?\\(?\\d{1,5}\\)?){1,6}(?![\\p{L}\\p{N}]|[.,]\\d)`, 'gu'),
  new RegExp(`(?<![\\p{L}\\p{N}+#])00[1-9]\\d{0,2}(?:${SEP}\\(?\\d{1,5}\\)?){1,6}(?![\\p{L}\\p{N}]|[.,]\\d)`, 'gu'),
  // National with a trunk 0 and separators: 020 7946 0958, 06 12 34 56 78, (030) 1234567, 0151-1234 5678.
  new RegExp(
    `(?<![\\p{L}\\p{N}+#.,/-])\\(?0\\d{1,4}\\)?(?:${SEP}|(?<=\\)))\\d{2,8}(?:${SEP}\\d{2,8}){0,4}(?![\\p{L}\\p{N}]|[.,/:-]\\d)`,
    'gu',
  ),
  // North American: (555) 123-4567, 555-123-4567, 555.123.4567.
  new RegExp(
    `(?<![\\p{L}\\p{N}+#.,/-])(?:\\([2-9]\\d{2}\\)\\s?|[2-9]\\d{2}[ .-])\\d{3}[ .-]\\d{4}(?![\\p{L}\\p{N}]|[.,/:-]\\d)`,
    'gu',
  ),
];

/** Every piece of personal data in the text, left to right, never overlapping. */
export function findPii(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  const free = (start: number, end: number): boolean => found.every((m) => end <= m.start || start >= m.end);
  const add = (match: PiiMatch): void => {
    if (free(match.start, match.end)) {
      found.push(match);
    }
  };

  for (const match of text.matchAll(PASSWORD)) {
    const value = match[2];
    if (NOT_A_PASSWORD.has(value.toLowerCase().replace(/[.,!?;]+$/u, ''))) {
      continue;
    }
    const end = match.index + match[0].length - match[1].length;
    add({ kind: 'password', start: end - value.length, end, mask: '[password]' });
  }
  for (const match of text.matchAll(EMAIL)) {
    add({ kind: 'email', start: match.index, end: match.index + match[0].length, mask: '[email]' });
  }
  for (const match of text.matchAll(IBAN)) {
    const iban = longestValidIban(match[0]);
    if (iban !== null) {
      add({ kind: 'iban', start: match.index, end: match.index + iban.length, mask: '[iban]' });
    }
  }
  for (const match of text.matchAll(CARD)) {
    const card = cardWithin(match[0]);
    if (card !== null) {
      add({
        kind: 'card',
        start: match.index + card.start,
        end: match.index + card.end,
        mask: `[card ending ${card.digits.slice(-4)}]`,
      });
    }
  }
  for (const pattern of PHONE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const digits = match[0].replace(/\D/gu, '');
      if (
        digits.length >= 8 &&
        digits.length <= 15 &&
        !looksLikeDate(match[0]) &&
        !IBAN_START.test(text.slice(Math.max(0, match.index - 40), match.index))
      ) {
        add({ kind: 'phone', start: match.index, end: match.index + match[0].length, mask: '[phone]' });
      }
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The text with every piece of personal data replaced by its mask. */
export function redactPii(text: string): string {
  if (!mayHoldPii(text)) {
    return text;
  }
  const matches = findPii(text);
  if (matches.length === 0) {
    return text;
  }
  let out = '';
  let at = 0;
  for (const match of matches) {
    out += text.slice(at, match.start) + match.mask;
    at = match.end;
  }
  return out + text.slice(at);
}

/**
 * A copy of a JSON-like value with every string masked (keys kept); values under keys `skip` accepts are
 * left alone (ids, timestamps). Values that are not plain data (class instances other than arrays) are
 * returned as they are.
 */
export function redactPiiDeep<T>(value: T, skip: (key: string) => boolean = () => false): T {
  return walk(value, skip, 0) as T;
}

/** Keys of ids and timestamps in DTOs (`id`, `conversationId`, `createdAt`): never personal data. */
export function isIdOrTimestampKey(key: string): boolean {
  return key === 'id' || /[a-z]Id$|[a-z]At$/u.test(key);
}

function walk(value: unknown, skip: (key: string) => boolean, depth: number): unknown {
  if (typeof value === 'string') {
    return redactPii(value);
  }
  if (depth > 32 || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => walk(item, skip, depth + 1));
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = skip(key) ? item : walk(item, skip, depth + 1);
  }
  return out;
}

/** Cheap pre-check: no digit, no `@` and no password word means nothing to find. */
function mayHoldPii(text: string): boolean {
  return /[\d@]/u.test(text) || /p(?:ass|wd|in)|mot de|contrase|wachtw|senha/iu.test(text);
}

/** Luhn, on 13 to 19 digits whose first digit belongs to a card network (2: Mastercard ... 6: Discover). */
export function isCardNumber(digits: string): boolean {
  if (!/^[2-6]\d{12,18}$/u.test(digits) || /^(\d)\1+$/u.test(digits)) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * The card number in a run of digit groups: the whole run, or the longest run of whole groups in it
 * ("order 12 4242 4242 4242 4242"). Written card numbers come in groups of 3 or more digits (4-4-4-4,
 * 4-6-5) or ungrouped; "12 3 4567 ..." is not one.
 */
function cardWithin(raw: string): { start: number; end: number; digits: string } | null {
  const groups = [...raw.matchAll(/\d+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, digits: m[0] }));
  for (let length = groups.length; length >= 1; length--) {
    for (let first = 0; first + length <= groups.length; first++) {
      const chosen = groups.slice(first, first + length);
      const digits = chosen.map((group) => group.digits).join('');
      if (length > 1 && chosen.some((group) => group.digits.length < 3)) {
        continue;
      }
      if (isCardNumber(digits)) {
        return { start: chosen[0].start, end: chosen[chosen.length - 1].end, digits };
      }
    }
  }
  return null;
}

/** ISO 13616 mod-97 on the compact form (letters as 10..35). */
export function isIban(compact: string): boolean {
  const iban = compact.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/u.test(iban)) {
    return false;
  }
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of value) {
      remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
    }
  }
  return remainder === 1;
}

/** The longest prefix of a candidate (ending at a group) that is a valid IBAN, or null. */
function longestValidIban(candidate: string): string | null {
  let text = candidate;
  for (;;) {
    if (isIban(text.replace(/[ -]/gu, ''))) {
      return text;
    }
    const cut = text.search(/[ -][A-Z0-9]+$/iu);
    if (cut <= 0) {
      return null;
    }
    text = text.slice(0, cut);
  }
}

/** 01.02.2024, 2024-01-15, 15 03 2024: day, month and year groups. */
function looksLikeDate(raw: string): boolean {
  return /^\(?\d{1,4}[ ./-]\d{1,2}[ ./-]\d{2,4}\)?$/u.test(raw.trim());
}
