import type { TextWord } from '../text/text-words';

/** A loop in a reply: where its repeats begin, and what repeats. */
export interface Loop {
  start: number;
  description: string;
}

/** Word sequences of up to this many words are checked for loops. */
const MAX_LOOP_WORDS = 10;
/**
 * Repeats in a row that make a loop: 4 for a single word or a pair ("very very very" and "thank you thank
 * you thank you" occur in ordinary replies), 3 for 3 to 10 words.
 */
function repeatsForLoop(words: number): number {
  return words <= 2 ? 4 : 3;
}
/** Sentences shorter than this may repeat ("Click Save.", "Thank you!"). */
const MIN_REPEATED_SENTENCE_WORDS = 5;
const SENTENCE_END = /[.!?…。！？]+(?=\s)|\n+/gu;

/**
 * The first loop in a reply: the same 1 to 10 words repeated in a row (see `repeatsForLoop`), or the same
 * sentence of 5 words or more twice. `words` are the reply's complete words; `growing`: the last sentence
 * may still go on, so only sentences that ended count.
 */
export function findLoop(text: string, words: TextWord[], growing: boolean): Loop | null {
  for (let n = 1; n <= MAX_LOOP_WORDS; n++) {
    const needed = (repeatsForLoop(n) - 1) * n;
    let run = 0;
    for (let j = 0; j + n < words.length; j++) {
      run = words[j].norm === words[j + n].norm ? run + 1 : 0;
      if (run >= needed) {
        const start = j - run + 1;
        const unit = text.slice(words[start].start, words[start + n - 1].end);
        return {
          start: words[start].start,
          description: `"${unit}" again and again (${repeatsForLoop(n)} times in a row)`,
        };
      }
    }
  }
  return findRepeatedSentence(text, words, growing);
}

function findRepeatedSentence(text: string, words: TextWord[], growing: boolean): Loop | null {
  const seen = new Set<string>();
  const ends = [...text.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length);
  if (!growing) {
    ends.push(text.length);
  }
  let w = 0;
  for (const end of ends) {
    // The sentence's words, read from the reply's own (already normalised) words.
    const norms: string[] = [];
    let first: TextWord | undefined;
    for (; w < words.length && words[w].start < end; w++) {
      first ??= words[w];
      norms.push(words[w].norm);
    }
    if (norms.length >= MIN_REPEATED_SENTENCE_WORDS && first !== undefined) {
      const key = norms.join(' ');
      if (seen.has(key)) {
        const sentence = text.slice(first.start, end).trim();
        return { start: first.start, description: `the sentence "${sentence}" came twice` };
      }
      seen.add(key);
    }
  }
  return null;
}
