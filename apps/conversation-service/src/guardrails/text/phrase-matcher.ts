import { type TextWord, normalizeWord, splitWords } from './text-words';

/** A phrase found in a text: which one, and where (UTF-16 offsets into the text, `text.slice(start, end)`). */
export interface PhraseMatch {
  phrase: string;
  start: number;
  end: number;
  /** The matched text as written. */
  text: string;
}

interface PatternWord {
  word: string;
  /** Written with a trailing `*`: any word that starts with it (`fuck*` matches `fucking`). */
  prefix: boolean;
}

interface Pattern {
  phrase: string;
  words: PatternWord[];
}

/** Letters spelled out one by one (`f u c k`, `f.u.c.k`) are read as one word when the run is this long. */
const MIN_SPELLED_LETTERS = 3;
/** The most separator characters between two spelled-out letters. */
const MAX_SPELLED_GAP = 3;
/** The longest word looked for in spelled-out letters. */
const MAX_SPELLED_LETTERS = 30;

/**
 * Finds whole-word phrases in text, in any case: the words of the phrase in order, separated by anything that
 * is not a letter or digit (spaces, several spaces, line breaks, punctuation, apostrophes). Unicode-aware (NFKC,
 * so full-width letters match; Chinese and Japanese characters are words of their own) and it sees through
 * simple obfuscation: leet digits (`sh1t`) and letters spelled out one by one (`f u c k`, `f.u.c.k`).
 *
 * A phrase word ending in `*` matches any word that starts with it. For text that is still growing (a reply
 * as it streams), `find` leaves the last word alone until something follows it, and `pendingFrom` says where
 * text that could still turn into a match starts.
 */
export class PhraseMatcher {
  private readonly byFirstWord = new Map<string, Pattern[]>();
  private readonly prefixFirst: Pattern[] = [];
  private readonly patterns: Pattern[] = [];
  /** The most words in one phrase (0 without phrases). */
  readonly longestPhraseWords: number;

  constructor(phrases: readonly string[]) {
    const seen = new Set<string>();
    for (const phrase of phrases) {
      const words = parsePhrase(phrase);
      const key = words.map((w) => w.word + (w.prefix ? '*' : '')).join(' ');
      if (words.length === 0 || seen.has(key)) {
        continue;
      }
      seen.add(key);
      const pattern = { phrase, words };
      this.patterns.push(pattern);
      if (words[0].prefix) {
        this.prefixFirst.push(pattern);
      } else {
        const list = this.byFirstWord.get(words[0].word) ?? [];
        list.push(pattern);
        this.byFirstWord.set(words[0].word, list);
      }
    }
    this.longestPhraseWords = Math.max(0, ...this.patterns.map((p) => p.words.length));
  }

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  /**
   * The first phrase in the text (by position), or null. `growing`: the text may go on, so its last word is
   * only matched when it cannot change the answer (a `*` word that already matches). `from`: only matches
   * that start at or after this offset.
   */
  find(text: string, options: { growing?: boolean; from?: number } = {}): PhraseMatch | null {
    if (this.isEmpty) {
      return null;
    }
    const words = splitWords(text);
    const lastOpen = options.growing === true && words.length > 0 && words[words.length - 1].end === text.length;
    const from = options.from ?? 0;
    let found: PhraseMatch | null = null;
    for (let i = 0; i < words.length && found === null; i++) {
      if (words[i].start < from) {
        continue;
      }
      for (const pattern of this.candidates(words[i])) {
        const n = pattern.words.length;
        if (i + n > words.length) {
          continue;
        }
        let ok = true;
        for (let k = 0; k < n && ok; k++) {
          const open = lastOpen && i + k === words.length - 1;
          ok = wordMatches(pattern.words[k], words[i + k]) && (!open || pattern.words[k].prefix);
        }
        if (ok) {
          found = toMatch(text, pattern, words[i].start, words[i + n - 1].end);
          break;
        }
      }
    }
    const spelled = this.findSpelled(text, words, options.growing === true, from);
    if (spelled !== null && (found === null || spelled.start < found.start)) {
      return spelled;
    }
    return found;
  }

  /** A single-word phrase spelled out letter by letter, anywhere in a run of single letters. */
  private findSpelled(text: string, words: TextWord[], growing: boolean, from: number): PhraseMatch | null {
    for (const run of spelledRuns(text, words, growing)) {
      for (let s = 0; s < run.letters.length; s++) {
        if (run.letters[s].start < from) {
          continue;
        }
        let letters = '';
        for (let e = s; e < Math.min(run.letters.length, s + MAX_SPELLED_LETTERS); e++) {
          letters += run.letters[e].norm;
          if (e - s + 1 < MIN_SPELLED_LETTERS) {
            continue;
          }
          const word = normalizeWord(letters);
          const pattern = this.patterns.find((p) => p.words.length === 1 && wordMatches(p.words[0], word));
          if (pattern !== undefined) {
            return toMatch(text, pattern, run.letters[s].start, run.letters[e].end);
          }
        }
      }
    }
    return null;
  }

  /**
   * Where the text that could still become a phrase starts, if the text goes on (`text.length` when none could):
   * the earliest of the last words that, with the words after it, begin a phrase — the last one possibly
   * unfinished. Text before this offset can be shown; a match can only start at or after it.
   */
  pendingFrom(text: string): number {
    if (this.isEmpty) {
      return text.length;
    }
    const words = splitWords(text);
    if (words.length === 0) {
      return text.length;
    }
    const last = words.length - 1;
    const lastOpen = words[last].end === text.length;
    let pending = text.length;
    const firstTail = Math.max(0, words.length - this.longestPhraseWords);
    for (let i = firstTail; i <= last && pending === text.length; i++) {
      const count = last - i + 1;
      const begins = this.patterns.some((pattern) => {
        if (pattern.words.length < count || (!lastOpen && pattern.words.length === count)) {
          return false;
        }
        for (let k = 0; k < count; k++) {
          const open = lastOpen && k === count - 1;
          const ok = open
            ? wordCouldBecome(pattern.words[k], words[i + k])
            : wordMatches(pattern.words[k], words[i + k]);
          if (!ok) {
            return false;
          }
        }
        return true;
      });
      if (begins) {
        pending = words[i].start;
      }
    }
    // Letters being spelled out one by one at the end may still become a word.
    const run = trailingSpelledRun(text, words);
    for (let s = 0; s < run.length && run[s].start < pending; s++) {
      const letters = run
        .slice(s)
        .map((w) => w.norm)
        .join('');
      const could = this.patterns.some(
        (p) =>
          p.words.length === 1 &&
          (p.words[0].word.startsWith(letters) || (p.words[0].prefix && letters.startsWith(p.words[0].word))),
      );
      if (could) {
        pending = run[s].start;
      }
    }
    return pending;
  }

  private candidates(word: TextWord): Pattern[] {
    const exact = this.byFirstWord.get(word.norm) ?? [];
    const alt = word.alt === null ? [] : (this.byFirstWord.get(word.alt) ?? []);
    return [...exact, ...alt, ...this.prefixFirst];
  }
}

function parsePhrase(phrase: string): PatternWord[] {
  const words = splitWords(phrase);
  return words.map((word, index) => {
    const prefix = index === words.length - 1 ? phrase.slice(word.end).trimEnd() === '*' : phrase[word.end] === '*';
    return { word: word.norm, prefix };
  });
}

function wordMatches(pattern: PatternWord, word: Pick<TextWord, 'norm' | 'alt'>): boolean {
  if (pattern.prefix) {
    return word.norm.startsWith(pattern.word) || (word.alt?.startsWith(pattern.word) ?? false);
  }
  return word.norm === pattern.word || word.alt === pattern.word;
}

/** Whether an unfinished word can still grow into one that matches. */
function wordCouldBecome(pattern: PatternWord, word: TextWord): boolean {
  const forms = word.alt === null ? [word.norm] : [word.norm, word.alt];
  return forms.some((form) => pattern.word.startsWith(form) || (pattern.prefix && form.startsWith(pattern.word)));
}

function toMatch(text: string, pattern: Pattern, start: number, end: number): PhraseMatch {
  return { phrase: pattern.phrase, start, end, text: text.slice(start, end) };
}

interface SpelledRun {
  letters: TextWord[];
}

/** Runs of single letters with short gaps (`f u c k`, `f.u.c.k`); growing text: only runs nothing can join. */
function spelledRuns(text: string, words: TextWord[], growing: boolean): SpelledRun[] {
  const runs: SpelledRun[] = [];
  let i = 0;
  while (i < words.length) {
    if (!isSingle(words[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < words.length && isSingle(words[j + 1]) && isShortGap(text, words[j].end, words[j + 1].start)) {
      j++;
    }
    // Growing text: the run is final only once a longer word, or a gap too long for spelling, follows it.
    const closed = !growing || j < words.length - 1 || !isShortGap(text, words[j].end, text.length);
    if (j - i + 1 >= MIN_SPELLED_LETTERS && closed) {
      runs.push({ letters: words.slice(i, j + 1) });
    }
    i = j + 1;
  }
  return runs;
}

/** The single letters being spelled out at the end of the text (none when it does not end so). */
function trailingSpelledRun(text: string, words: TextWord[]): TextWord[] {
  let i = words.length - 1;
  if (!isSingle(words[i]) || !isShortGap(text, words[i].end, text.length)) {
    return [];
  }
  while (i > 0 && isSingle(words[i - 1]) && isShortGap(text, words[i - 1].end, words[i].start)) {
    i--;
  }
  return words.slice(i);
}

function isSingle(word: TextWord): boolean {
  // Not Chinese or Japanese characters: those are one word each anyway, not letters of a spelled-out word.
  return (
    [...word.norm].length === 1 &&
    /\p{L}|\d/u.test(word.norm) &&
    !/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u.test(word.norm)
  );
}

function isShortGap(text: string, from: number, to: number): boolean {
  return to - from <= MAX_SPELLED_GAP && !text.slice(from, to).includes('\n');
}
