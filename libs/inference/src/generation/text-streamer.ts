/** Decodes token ids to text, as GptNeoTokenizer.decode does (an incomplete UTF-8 sequence ends in U+FFFD). */
export type DecodeFn = (ids: readonly number[]) => string;

export type StreamFinishReason = 'stop' | 'eos';

/** What one token adds to the reply. */
export interface StreamDelta {
  /** Text that is now safe to show; often empty while a character or a possible stop sequence is pending. */
  readonly delta: string;
  /** True once a stop sequence or EOS ended the reply; push no more tokens. */
  readonly done: boolean;
  readonly finishReason?: StreamFinishReason;
}

const REPLACEMENT = '\uFFFD';
// An incomplete UTF-8 sequence at the end has at most 3 bytes, and a decoder writes at most one U+FFFD
// per byte: so at most the last 3 U+FFFD of a decoded text can still turn into a real character.
const MAX_PENDING_REPLACEMENTS = 3;
// The bytes of such a sequence lie in at most the last 3 tokens (each token has at least one byte).
const TAIL_TOKENS = 3;
// Window size (in tokens) beyond which a window that keeps ending in U+FFFD is cut anyway.
const MAX_WINDOW_TOKENS = 8;

/**
 * Incremental detokenization for streaming one reply.
 *
 * Two stages: decoded text is held back while it ends in U+FFFD that more bytes may still complete
 * (byte-level BPE splits characters across tokens), then held back while its end could be the start of
 * a stop sequence. Only a short window of recent ids is decoded per token: the window restarts at each
 * token boundary where the text is known to end on a whole character.
 *
 * The concatenation of all deltas (flush included) equals `text`.
 */
export class TextStreamer {
  private readonly stop: readonly string[];
  private readonly longestStop: number;

  private window: number[] = [];
  /** Characters of decode(window) already handed to the stop stage. */
  private windowConsumed = 0;
  /** Whole-character text that might still be the start of a stop sequence. */
  private pending = '';
  private emitted = '';
  private finished = false;
  private reason: StreamFinishReason | undefined;

  /**
   * @param decode the tokenizer's decode (special tokens skipped)
   * @param stop text that ends the reply; it and everything after it are never shown
   * @param eosTokenId the id that ends the reply with 'eos'
   */
  constructor(
    private readonly decode: DecodeFn,
    stop: readonly string[],
    private readonly eosTokenId: number,
  ) {
    this.stop = stop.filter((sequence) => sequence.length > 0);
    this.longestStop = Math.max(0, ...this.stop.map((sequence) => sequence.length));
  }

  /** The text shown so far (all deltas). */
  get text(): string {
    return this.emitted;
  }

  get done(): boolean {
    return this.finished;
  }

  /** Why the reply ended; undefined while running and after `flush`. */
  get finishReason(): StreamFinishReason | undefined {
    return this.reason;
  }

  /**
   * Adds one generated token. EOS ends the reply with 'eos' and adds no text of its own (its delta is
   * whatever was still held back); a complete stop sequence ends it with 'stop'.
   */
  push(tokenId: number): StreamDelta {
    if (this.finished) {
      throw new Error('TextStreamer: push after the reply ended');
    }
    if (tokenId === this.eosTokenId) {
      const delta = this.release();
      // A stop sequence completed by the held-back text still wins.
      return this.finish(delta, this.reason ?? 'eos');
    }
    this.window.push(tokenId);
    const text = this.decode(this.window);
    const stableEnd = Math.max(
      this.windowConsumed,
      text.length - Math.min(trailingReplacements(text), MAX_PENDING_REPLACEMENTS),
    );
    const piece = text.slice(this.windowConsumed, stableEnd);
    this.windowConsumed = stableEnd;
    this.moveWindow(text);

    const matched = this.addStable(piece);
    if (matched) {
      return this.finish(matched.before, 'stop');
    }
    return this.emit(this.takeSafe(), false);
  }

  /** Ends the reply for another reason (length, cancel): returns the text still held back. */
  flush(): string {
    if (this.finished) {
      return '';
    }
    const delta = this.release();
    this.finished = true;
    this.emitted += delta;
    return delta;
  }

  private finish(delta: string, reason: StreamFinishReason): StreamDelta {
    this.finished = true;
    this.reason = reason;
    return this.emit(delta, true, reason);
  }

  private emit(delta: string, done: boolean, finishReason?: StreamFinishReason): StreamDelta {
    this.emitted += delta;
    return finishReason === undefined ? { delta, done } : { delta, done, finishReason };
  }

  /** Everything still held back, as the final text has it (a stop sequence in it still cuts it). */
  private release(): string {
    const rest = this.window.length > 0 ? this.decode(this.window).slice(this.windowConsumed) : '';
    this.window = [];
    this.windowConsumed = 0;
    const matched = this.addStable(rest);
    if (matched) {
      this.reason = 'stop';
      return matched.before;
    }
    const all = this.pending;
    this.pending = '';
    return all;
  }

  /** Appends whole-character text; on a stop sequence returns the text before the earliest match. */
  private addStable(piece: string): { before: string } | undefined {
    this.pending += piece;
    let earliest = -1;
    for (const stop of this.stop) {
      const at = this.pending.indexOf(stop);
      if (at !== -1 && (earliest === -1 || at < earliest)) {
        earliest = at;
      }
    }
    if (earliest === -1) {
      return undefined;
    }
    const before = this.pending.slice(0, earliest);
    this.pending = '';
    return { before };
  }

  /** Removes and returns the pending text except its longest end that begins some stop sequence. */
  private takeSafe(): string {
    const pending = this.pending;
    for (let length = Math.min(pending.length, this.longestStop - 1); length > 0; length--) {
      const suffix = pending.slice(pending.length - length);
      if (this.stop.some((stop) => stop.startsWith(suffix))) {
        this.pending = suffix;
        return pending.slice(0, pending.length - length);
      }
    }
    this.pending = '';
    return pending;
  }

  /** Restarts the decode window at a token boundary that is known to fall between whole characters. */
  private moveWindow(text: string): void {
    if (!text.endsWith(REPLACEMENT)) {
      // Text ending on a whole character means the bytes so far end on a character boundary.
      this.window = [];
      this.windowConsumed = 0;
      return;
    }
    if (this.window.length <= MAX_WINDOW_TOKENS) {
      return;
    }
    // Keeps ending in U+FFFD (the model writes invalid bytes): split off all but the last tokens if
    // decoding the two parts separately gives the same text, i.e. the split is between characters.
    const cut = this.window.length - TAIL_TOKENS;
    const head = this.decode(this.window.slice(0, cut));
    if (head.length <= this.windowConsumed && head + this.decode(this.window.slice(cut)) === text) {
      this.window = this.window.slice(cut);
      this.windowConsumed -= head.length;
    }
  }
}

function trailingReplacements(text: string): number {
  let count = 0;
  while (count < text.length && text.charCodeAt(text.length - 1 - count) === 0xfffd) {
    count++;
  }
  return count;
}
