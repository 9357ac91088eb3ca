import type { GuardrailSettings } from '@neodesk/contracts';
import { ReplyGuard, type ReplyViolation } from './reply-guard';

/** What to send the visitor after a worker delta: a delta numbered for clients, or nothing; and any violation. */
export interface CheckedDelta {
  /** Null when nothing new may be shown, and always after a violation (the reply is replaced). */
  delta: { index: number; text: string } | null;
  violation: ReplyViolation | null;
}

/**
 * One attempt of a bot reply as the visitor sees it: the worker's deltas go through the reply guard, and only
 * released text goes out, renumbered so clients get consecutive indexes (a delta held back entirely sends
 * nothing). Snapshots for reconnecting clients hold the released text only.
 */
export class CheckedReply {
  private readonly guard: ReplyGuard;
  private sentText = '';
  private sent = 0;

  constructor(
    private readonly settings: GuardrailSettings,
    private readonly persona: string | null,
  ) {
    this.guard = new ReplyGuard(settings, persona);
  }

  /** The text the visitor was sent. */
  get releasedText(): string {
    return this.sentText;
  }

  /** The index of the next delta sent to clients. */
  get nextIndex(): number {
    return this.sent;
  }

  push(text: string): CheckedDelta {
    const step = this.guard.push(text);
    return this.toDelta(step.released, step.violation);
  }

  /**
   * The worker finished with `finalText` (the whole reply, normally its deltas joined): checks it all and
   * releases the rest.
   */
  finish(finalText: string): CheckedDelta {
    const streamed = this.guard.text;
    let released = '';
    if (finalText.startsWith(streamed)) {
      const step = this.guard.push(finalText.slice(streamed.length));
      if (step.violation !== null) {
        return this.toDelta('', step.violation);
      }
      released = step.released;
    } else {
      // The worker stored something other than it streamed (trimmed it): that text is what gets stored.
      const whole = new ReplyGuard(this.settings, this.persona);
      whole.push(finalText);
      const verdict = whole.finish();
      if (verdict.violation !== null) {
        return this.toDelta('', verdict.violation);
      }
    }
    const end = this.guard.finish();
    return this.toDelta(released + end.released, end.violation);
  }

  private toDelta(text: string, violation: ReplyViolation | null): CheckedDelta {
    if (violation !== null || text.length === 0) {
      return { delta: null, violation };
    }
    this.sentText += text;
    return { delta: { index: this.sent++, text }, violation: null };
  }
}
