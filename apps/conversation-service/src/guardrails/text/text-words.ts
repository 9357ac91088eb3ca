/** One word of a text: where it is (UTF-16 offsets, as `String.slice` takes them) and how it compares. */
export interface TextWord {
  start: number;
  end: number;
  /** NFKC, lower case: `Ｆｕｃｋ` and `FUCK` compare as `fuck`. */
  norm: string;
  /** The word read as "leet" (`sh1t` as `shit`), or null when it has no digit to read. */
  alt: string | null;
}

// A word is a run of letters, digits and combining marks; Chinese and Japanese characters (written without
// spaces) are one word each. Everything else — spaces, punctuation, apostrophes, emoji — separates words.
const WORD =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|(?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{N}\p{M}])+/gu;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' };

/** The words of a text, in order. */
export function splitWords(text: string): TextWord[] {
  const words: TextWord[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    words.push({ start, end: start + match[0].length, ...normalizeWord(match[0]) });
  }
  return words;
}

/** How a word compares: NFKC then lower case, and its leet reading when it mixes letters and digits. */
export function normalizeWord(word: string): { norm: string; alt: string | null } {
  const norm = word.normalize('NFKC').toLowerCase();
  if (!/\d/u.test(norm) || !/\p{L}/u.test(norm)) {
    return { norm, alt: null };
  }
  return { norm, alt: norm.replace(/\d/gu, (digit) => LEET[digit] ?? digit) };
}
