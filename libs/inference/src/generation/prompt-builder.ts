import { neutraliseCustomerText } from '@neodesk/contracts';
import { CHAT_LABELS, ChatTurn } from '../model/gpt-neo-tokenizer';
import { GenerationError, GenerationErrorCode } from './generation.error';

/** The part of a tokenizer the prompt builder needs; GptNeoTokenizer fits. */
export interface PromptTokenizer {
  /** Plain text to ids; must never produce the special EOS id for text a user typed. */
  encodeText(text: string): number[];
  readonly eosTokenId: number;
}

export type PromptTurn = ChatTurn;

/**
 * The labels before each part; `system: null` leaves the persona out, for models trained without one, and
 * `article: null` leaves knowledge passages out likewise.
 */
export interface PromptLabels {
  readonly system: string | null;
  readonly article: string | null;
  readonly customer: string;
  readonly agent: string;
}

export const DEFAULT_PROMPT_LABELS: PromptLabels = {
  system: 'System',
  article: 'Article',
  customer: CHAT_LABELS.customer,
  agent: CHAT_LABELS.agent,
};

/** Shown where text was cut, so neither the model nor a reader of the prompt takes it as whole. */
export const TRUNCATION_MARKER = '[…]';

/** Tokens of the newest customer message that a long persona must leave room for. */
export const MIN_KEPT_MESSAGE_TOKENS = 64;

/** A passage is cut at its end to fit, but left out when fewer than this many of its tokens would remain. */
export const MIN_KEPT_PASSAGE_TOKENS = 24;

/** A knowledge-base passage the reply should be grounded in. */
export interface PromptPassage {
  readonly title: string;
  readonly text: string;
}

export interface PromptInput {
  /** The bot's persona / instructions; null, undefined or blank for none. */
  readonly persona?: string | null;
  /** Oldest first; normally ends with the customer message to answer. */
  readonly turns: readonly PromptTurn[];
  /** Knowledge passages, best first; placed after the persona and before the dialogue. */
  readonly passages?: readonly PromptPassage[];
  /** Most ids the prompt may have (the engine passes max_position_embeddings - max_new_tokens). */
  readonly maxPromptTokens: number;
  readonly labels?: Partial<PromptLabels>;
}

export interface BuiltPrompt {
  readonly ids: number[];
  /** How many of the oldest turns were left out to fit. */
  readonly droppedTurns: number;
  /** How many passages were left out to fit (a passage cut at its end counts as kept). */
  readonly droppedPassages: number;
  /** Whether the persona, a passage or the newest customer message was cut (with TRUNCATION_MARKER). */
  readonly truncated: boolean;
  /** Where the placed passages lie in `ids` (end exclusive; start === end when there are none). */
  readonly passageTokens: { readonly start: number; readonly end: number };
}

/**
 * The chat prompt of the bundled model, as token ids that fit `maxPromptTokens`:
 * `<|endoftext|>System: {persona}<|endoftext|>Article: {title}: {text}<|endoftext|>...Customer: {text}<|endoftext|>Agent: {text}<|endoftext|>...Agent:`.
 * Each piece is encoded on its own, exactly as GptNeoTokenizer.encodeChatPrompt does, so typed text can
 * never produce the EOS id; each turn is encoded at most once, and turns that cannot fit not at all.
 * Passages (best first) are knowledge-base text, cleaned like customer text (no special tokens or role
 * markers) and written on one line.
 *
 * To fit, parts are kept in this order of priority: the newest customer turn (with any turns after it),
 * the persona, the best passage, the turn before the newest customer turn, the other passages best first,
 * then older turns newest first (the first that does not fit ends the dialogue there). A passage that does
 * not fit whole is cut at its end when at least MIN_KEPT_PASSAGE_TOKENS of it fit, else left out. If the
 * newest turn and the persona alone do not fit, the persona is cut at its end when it would leave the
 * newest message fewer than MIN_KEPT_MESSAGE_TOKENS, then the newest message is cut at its start: a
 * customer's question usually comes last, after the context that leads up to it.
 *
 * @throws GenerationError PROMPT_TOO_LONG when even the labels and markers cannot fit.
 */
export function buildPrompt(input: PromptInput, tokenizer: PromptTokenizer): BuiltPrompt {
  const budget = input.maxPromptTokens;
  if (!Number.isSafeInteger(budget) || budget < 1) {
    throw new RangeError(`maxPromptTokens must be a positive integer, got ${budget}`);
  }
  const labels = { ...DEFAULT_PROMPT_LABELS, ...input.labels };
  const eos = tokenizer.eosTokenId;
  const encode = (text: string): number[] => tokenizer.encodeText(text);
  const encodeTurn = (turn: PromptTurn): number[] => [
    ...encode(`${labelOf(turn, labels)}:`),
    ...encode(` ${turn.text.trim()}`),
    eos,
  ];
  const marker = encode(` ${TRUNCATION_MARKER}`);
  const cue = encode(`${labels.agent}:`);

  // Must keep: the newest customer turn and whatever follows it. Customer text cannot forge a turn (the
  // service neutralises it too; this holds for any client of the worker protocol).
  const turns = input.turns.map((turn) =>
    turn.speaker === 'customer' ? { ...turn, text: neutraliseCustomerText(turn.text).text } : turn,
  );
  let newest = turns.length - 1;
  while (newest >= 0 && turns[newest].speaker !== 'customer') {
    newest--;
  }
  const trailing = turns.slice(newest + 1).flatMap(encodeTurn);
  let available = budget - 1 - cue.length - trailing.length;

  const persona = input.persona?.trim();
  const personaPart =
    labels.system !== null && persona ? { head: encode(`${labels.system}:`), body: encode(` ${persona}`) } : undefined;
  const message =
    newest >= 0
      ? { head: encode(`${labelOf(turns[newest], labels)}:`), body: encode(` ${turns[newest].text.trim()}`) }
      : undefined;

  const minimum = (part: { head: number[] } | undefined): number => (part ? part.head.length + marker.length + 1 : 0);
  const messageFloor = message ? minimum(message) + 1 : 0;
  if (available < minimum(personaPart) + messageFloor) {
    throw new GenerationError(
      GenerationErrorCode.PromptTooLong,
      `maxPromptTokens ${budget} cannot hold the prompt: it needs at least ${budget - available + minimum(personaPart) + messageFloor}`,
    );
  }

  let truncated = false;
  let personaIds: number[] = [];
  if (personaPart) {
    const full = personaPart.head.length + personaPart.body.length + 1;
    const messageReserve = message
      ? Math.min(message.head.length + message.body.length + 1, minimum(message) + MIN_KEPT_MESSAGE_TOKENS)
      : 0;
    const room = Math.max(minimum(personaPart), available - messageReserve);
    if (full <= room) {
      personaIds = [...personaPart.head, ...personaPart.body, eos];
    } else {
      // Keep the persona's beginning: who the bot is and its main rules usually come first.
      const keep = room - minimum(personaPart);
      personaIds = [...personaPart.head, ...personaPart.body.slice(0, keep), ...marker, eos];
      truncated = true;
    }
    available -= personaIds.length;
  }

  let messageIds: number[] = [];
  if (message) {
    const full = message.head.length + message.body.length + 1;
    if (full <= available) {
      messageIds = [...message.head, ...message.body, eos];
    } else {
      const keep = available - minimum(message);
      messageIds = [...message.head, ...marker, ...message.body.slice(message.body.length - keep), eos];
      truncated = true;
    }
    available -= messageIds.length;
  }

  // Passages, best first: whole, cut at the end, or left out (encoded only when some room is left).
  const articleLabel = labels.article;
  const passages = articleLabel === null ? [] : (input.passages ?? []);
  const passageIds: Array<number[] | null> = passages.map(() => null);
  const placePassage = (rank: number): void => {
    if (available <= 0) {
      return;
    }
    const head = encode(`${articleLabel}:`);
    const body = encode(` ${passageText(passages[rank])}`);
    if (head.length + body.length + 1 <= available) {
      passageIds[rank] = [...head, ...body, eos];
    } else {
      const keep = available - head.length - marker.length - 1;
      if (keep < MIN_KEPT_PASSAGE_TOKENS) {
        return;
      }
      passageIds[rank] = [...head, ...body.slice(0, keep), ...marker, eos];
      truncated = true;
    }
    available -= passageIds[rank].length;
  };
  if (passages.length > 0) {
    placePassage(0);
  }

  // Older turns, newest first, while they fit; the first that does not fit ends the conversation there.
  // The turn just before the newest message comes before the other passages: a follow-up needs it.
  const older: number[][] = [];
  let index = newest - 1;
  let olderEnded = false;
  const placeOlder = (): void => {
    if (olderEnded || index < 0) {
      return;
    }
    const ids = encodeTurn(turns[index]);
    if (ids.length > available) {
      olderEnded = true;
      return;
    }
    older.push(ids);
    available -= ids.length;
    index--;
  };
  placeOlder();
  for (let rank = 1; rank < passages.length; rank++) {
    placePassage(rank);
  }
  while (!olderEnded && index >= 0) {
    placeOlder();
  }

  const ids = [eos, ...personaIds];
  const passageStart = ids.length;
  for (const part of passageIds) {
    if (part !== null) {
      ids.push(...part);
    }
  }
  const passageEnd = ids.length;
  for (let i = older.length - 1; i >= 0; i--) {
    ids.push(...older[i]);
  }
  ids.push(...messageIds, ...trailing, ...cue);
  return {
    ids,
    droppedTurns: index + 1,
    droppedPassages: passageIds.filter((part) => part === null).length,
    truncated,
    passageTokens: { start: passageStart, end: passageEnd },
  };
}

/** `{title}: {text}` on one line, with special tokens and role markers removed as from customer text. */
function passageText(passage: PromptPassage): string {
  const clean = (text: string): string => neutraliseCustomerText(text).text.replace(/\s+/g, ' ').trim();
  const title = clean(passage.title);
  const text = clean(passage.text);
  return title.length === 0 ? text : `${title}: ${text}`;
}

function labelOf(turn: PromptTurn, labels: PromptLabels): string {
  return turn.speaker === 'customer' ? labels.customer : labels.agent;
}
