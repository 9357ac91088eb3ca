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

/** The labels before each part; `system: null` leaves the persona out, for models trained without one. */
export interface PromptLabels {
  readonly system: string | null;
  readonly customer: string;
  readonly agent: string;
}

export const DEFAULT_PROMPT_LABELS: PromptLabels = {
  system: 'System',
  customer: CHAT_LABELS.customer,
  agent: CHAT_LABELS.agent,
};

/** Shown where text was cut, so neither the model nor a reader of the prompt takes it as whole. */
export const TRUNCATION_MARKER = '[…]';

/** Tokens of the newest customer message that a long persona must leave room for. */
export const MIN_KEPT_MESSAGE_TOKENS = 64;

export interface PromptInput {
  /** The bot's persona / instructions; null, undefined or blank for none. */
  readonly persona?: string | null;
  /** Oldest first; normally ends with the customer message to answer. */
  readonly turns: readonly PromptTurn[];
  /** Most ids the prompt may have (the engine passes max_position_embeddings - max_new_tokens). */
  readonly maxPromptTokens: number;
  readonly labels?: Partial<PromptLabels>;
}

export interface BuiltPrompt {
  readonly ids: number[];
  /** How many of the oldest turns were left out to fit. */
  readonly droppedTurns: number;
  /** Whether the persona or the newest customer message was cut (with TRUNCATION_MARKER). */
  readonly truncated: boolean;
}

/**
 * The chat prompt of the bundled model, as token ids that fit `maxPromptTokens`:
 * `<|endoftext|>System: {persona}<|endoftext|>Customer: {text}<|endoftext|>Agent: {text}<|endoftext|>...Agent:`.
 * Each piece is encoded on its own, exactly as GptNeoTokenizer.encodeChatPrompt does, so typed text can
 * never produce the EOS id; each turn is encoded at most once, and turns that cannot fit not at all.
 *
 * To fit: the oldest turns are dropped first. The persona and the newest customer turn (with any turns
 * after it) are always kept. If those alone do not fit, the persona is cut at its end when it would leave
 * the newest message fewer than MIN_KEPT_MESSAGE_TOKENS, then the newest message is cut at its start:
 * a customer's question usually comes last, after the context that leads up to it.
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

  // Older turns, newest first, while they fit; the first that does not fit ends the conversation there.
  const older: number[][] = [];
  let index = newest - 1;
  for (; index >= 0; index--) {
    const ids = encodeTurn(turns[index]);
    if (ids.length > available) {
      break;
    }
    older.push(ids);
    available -= ids.length;
  }

  const ids = [eos, ...personaIds];
  for (let i = older.length - 1; i >= 0; i--) {
    ids.push(...older[i]);
  }
  ids.push(...messageIds, ...trailing, ...cue);
  return { ids, droppedTurns: index + 1, truncated };
}

function labelOf(turn: PromptTurn, labels: PromptLabels): string {
  return turn.speaker === 'customer' ? labels.customer : labels.agent;
}
