import type { BotReplySnapshot, GenerationJob, GuardrailSettings, MessageSourceDto } from '@neodesk/contracts';
import type { CheckedReply } from '../guardrails/reply-checks/checked-reply';

/** Where a reply and its conversation live; carried with the reply when it moves to another replica. */
export interface ReplyTicket {
  replyId: string;
  workspaceId: string;
  conversationId: string;
  visitorId: string;
  /** The customer message being answered. */
  upToSeq: number;
  job: GenerationJob;
  /** When waiting for a worker with room gives up (epoch ms). */
  waitUntil: number;
  /** Workers this reply must not go to again (lost mid-reply). */
  excludedWorkers: string[];
  /** The workspace's guardrails when the reply was asked for (its checks are built where it streams). */
  guardrails?: GuardrailSettings;
  /** The article of each of `job.passages`, in the same order: the reply's sources are picked from them. */
  passageArticles?: MessageSourceDto[];
}

export type ReplyPhase = 'dispatching' | 'assigning' | 'running' | 'ended';

/** One reply owned by this replica: its worker, and the text streamed so far for reconnecting clients. */
export class LiveReply {
  phase: ReplyPhase = 'dispatching';
  workerSocketId: string | undefined;
  /** Whether `bot:reply:start` went out for the current attempt. */
  started = false;
  /** Bumped by each new search for a worker: a search that was overtaken (its worker lost) stops. */
  epoch = 0;
  /** The reply checks of the current attempt: what the visitor was sent of it. */
  checks: CheckedReply | undefined;
  private parts: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly ticket: ReplyTicket) {}

  /** Starts a new search for a worker; the returned epoch tells that search whether it is still current. */
  beginDispatch(): number {
    this.epoch += 1;
    this.phase = 'dispatching';
    this.workerSocketId = undefined;
    return this.epoch;
  }

  /** A method, not a field read, so checks after an await are not narrowed away by the compiler. */
  isEnded(): boolean {
    return this.phase === 'ended';
  }

  get replyId(): string {
    return this.ticket.replyId;
  }

  get attempt(): number {
    return this.ticket.job.attempt;
  }

  get nextIndex(): number {
    return this.parts.length;
  }

  /** Takes the next delta; false for a repeat or one out of order (the worker streams in order). */
  append(index: number, text: string): boolean {
    if (index !== this.parts.length) {
      return false;
    }
    this.parts.push(text);
    return true;
  }

  /** Starts the reply over on another worker: new attempt, no text, and the lost worker excluded. */
  retry(lostWorker: string, waitUntil: number): void {
    this.ticket.excludedWorkers.push(lostWorker);
    this.ticket.job = { ...this.ticket.job, attempt: this.ticket.job.attempt + 1 };
    this.ticket.waitUntil = waitUntil;
    this.parts = [];
    this.checks = undefined;
    this.phase = 'dispatching';
    this.workerSocketId = undefined;
    this.started = false;
    this.clearDeadline();
  }

  snapshot(): BotReplySnapshot {
    return {
      replyId: this.replyId,
      conversationId: this.ticket.conversationId,
      attempt: this.attempt,
      text: this.checks?.releasedText ?? this.parts.join(''),
      nextIndex: this.checks?.nextIndex ?? this.parts.length,
    };
  }

  setDeadline(ms: number, onExpired: () => void): void {
    this.clearDeadline();
    this.timer = setTimeout(onExpired, ms);
    this.timer.unref();
  }

  clearDeadline(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
