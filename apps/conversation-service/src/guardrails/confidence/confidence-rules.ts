import type { GuardrailSettings, MessageFeedback } from '@neodesk/contracts';

// --- Low confidence -------------------------------------------------------------------------------------

/** A reply's confidence figures as the worker reported them (null: a worker that does not report them). */
export interface ReplyConfidence {
  meanTokenProbability: number | null;
  minTokenProbability: number | null;
}

export type ConfidenceThresholds = Pick<GuardrailSettings, 'minMeanTokenProbability' | 'minTokenProbability'>;

/** Which of the two checks a reply failed. */
export interface LowConfidence {
  meanTooLow: boolean;
  minTooLow: boolean;
}

/**
 * The low-confidence rule: the reply's mean token probability under `minMeanTokenProbability`, or its least
 * token probability under `minTokenProbability` (0 turns a check off). Null when the reply passes, or when
 * the worker reported no figures (nothing to judge by).
 */
export function lowConfidence(figures: ReplyConfidence, thresholds: ConfidenceThresholds): LowConfidence | null {
  const meanTooLow =
    thresholds.minMeanTokenProbability > 0 &&
    figures.meanTokenProbability !== null &&
    figures.meanTokenProbability < thresholds.minMeanTokenProbability;
  const minTooLow =
    thresholds.minTokenProbability > 0 &&
    figures.minTokenProbability !== null &&
    figures.minTokenProbability < thresholds.minTokenProbability;
  return meanTooLow || minTooLow ? { meanTooLow, minTooLow } : null;
}

/** A piece of streamed reply text and the log-probabilities of the tokens it completed. */
export interface ScoredPiece {
  text: string;
  logprobs: readonly number[];
}

/** Characters of context kept on each side of the least confident piece. */
const EXCERPT_CONTEXT = 40;

/**
 * The least confident part of a reply: the streamed piece holding its least likely token, with up to
 * EXCERPT_CONTEXT characters of the text around it. The whole text (cut later) when no piece has figures.
 */
export function leastConfidentPart(pieces: readonly ScoredPiece[], fallback: string): string {
  let worst = -1;
  let worstLogprob = Infinity;
  pieces.forEach((piece, i) => {
    for (const logprob of piece.logprobs) {
      if (logprob < worstLogprob) {
        worstLogprob = logprob;
        worst = i;
      }
    }
  });
  if (worst < 0) {
    return fallback.trim();
  }
  const before = pieces
    .slice(0, worst)
    .map((piece) => piece.text)
    .join('');
  const after = pieces
    .slice(worst + 1)
    .map((piece) => piece.text)
    .join('');
  const head = before.length > EXCERPT_CONTEXT ? `…${before.slice(-EXCERPT_CONTEXT)}` : before;
  const tail = after.length > EXCERPT_CONTEXT ? `${after.slice(0, EXCERPT_CONTEXT)}…` : after;
  return `${head}${pieces[worst].text}${tail}`.trim();
}

/** The sentence agents read with a low-confidence decision. */
export function lowConfidenceDetail(
  verdict: LowConfidence,
  figures: ReplyConfidence,
  thresholds: ConfidenceThresholds,
): string {
  const parts: string[] = [];
  if (verdict.meanTooLow) {
    parts.push(
      `mean token probability ${format(figures.meanTokenProbability)} is under ${format(thresholds.minMeanTokenProbability)}`,
    );
  }
  if (verdict.minTooLow) {
    parts.push(
      `least confident token ${format(figures.minTokenProbability)} is under ${format(thresholds.minTokenProbability)}`,
    );
  }
  const other = verdict.meanTooLow
    ? `least confident token ${format(figures.minTokenProbability)}`
    : `mean token probability ${format(figures.meanTokenProbability)}`;
  return (
    `The model was unsure of this reply: ${parts.join(' and ')} (${other}). ` +
    'The reply stays; the conversation was handed to a person to check it.'
  );
}

function format(value: number | null): string {
  return value === null ? 'unknown' : value.toFixed(3);
}

// --- Repeated question ----------------------------------------------------------------------------------

/** Fewer words than this never count as a repeated question ("yes", "ok thanks" come up again naturally). */
export const REPEAT_MIN_WORDS = 3;
/** Share of distinct words two messages must have in common (Jaccard index) to count as the same question. */
export const REPEAT_MIN_OVERLAP = 0.8;

/** Lower case, compatibility forms folded, only letters and digits, single spaces. */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function wordsOf(normalized: string): Set<string> {
  return new Set(normalized.split(' ').filter((word) => word.length > 0));
}

/** Whether a message is long enough to count as a repeated question at all (saves reading the history). */
export function couldBeRepeatedQuestion(text: string): boolean {
  return normalizeQuestion(text).split(' ').length >= REPEAT_MIN_WORDS;
}

/**
 * Whether `text` repeats `earlier`: both at least REPEAT_MIN_WORDS words, and equal once normalised
 * (case, punctuation, spacing) or sharing at least REPEAT_MIN_OVERLAP of their distinct words.
 */
export function isRepeatedQuestion(text: string, earlier: string): boolean {
  if (!couldBeRepeatedQuestion(text) || !couldBeRepeatedQuestion(earlier)) {
    return false;
  }
  const a = normalizeQuestion(text);
  const b = normalizeQuestion(earlier);
  const wordsA = wordsOf(a);
  const wordsB = wordsOf(b);
  if (a === b) {
    return true;
  }
  let shared = 0;
  for (const word of wordsA) {
    shared += wordsB.has(word) ? 1 : 0;
  }
  return shared / (wordsA.size + wordsB.size - shared) >= REPEAT_MIN_OVERLAP;
}

/** The earlier customer message (newest first) that `text` repeats, or null. */
export function findRepeatedQuestion<T extends { text: string }>(text: string, earlier: readonly T[]): T | null {
  for (let i = earlier.length - 1; i >= 0; i--) {
    if (isRepeatedQuestion(text, earlier[i].text)) {
      return earlier[i];
    }
  }
  return null;
}

// --- Negative ratings -----------------------------------------------------------------------------------

/** A bot reply of the conversation with its rating. */
export interface RatedReply {
  seq: number;
  feedback: MessageFeedback | null;
}

/**
 * Whether the thumbs-down just given on reply `ratedSeq` makes two in a row: the bot reply right before or
 * right after it (in the order of the conversation's bot replies) is rated negative too.
 */
export function negativeRatingsInARow(replies: readonly RatedReply[], ratedSeq: number): boolean {
  const ordered = [...replies].sort((a, b) => a.seq - b.seq);
  const at = ordered.findIndex((reply) => reply.seq === ratedSeq);
  if (at < 0 || ordered[at].feedback !== 'negative') {
    return false;
  }
  return ordered[at - 1]?.feedback === 'negative' || ordered[at + 1]?.feedback === 'negative';
}
