import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';
import type {
  BotReplyOutcome,
  BotSettingsDto,
  BotReplySnapshot,
  GenerationStats,
  HandoffReason,
  JobDeltaEvent,
  JobDoneEvent,
  JobFailedEvent,
} from '@neodesk/contracts';
import { botReplyClientMessageId } from '@neodesk/contracts';
import { isDatabaseUnavailable } from '@neodesk/persistence';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { ConversationsService } from '../conversations/conversations.service';
import type { CheckedDelta } from '../guardrails/reply-checks/checked-reply';
import { ReplyChecksService } from '../guardrails/reply-checks/reply-checks.service';
import { ConfidenceHandoffService } from '../guardrails/confidence/confidence-handoff.service';
import { HandoffService } from '../handoff/handoff.service';
import { MessagesService } from '../messages/messages.service';
import { Metrics } from '../metrics/metrics';
import { type ConversationAudience, RealtimeEmitter } from '../realtime/realtime-emitter';
import { type WorkerJobListener, WorkerRegistry } from '../workers/worker-registry';
import { PROMPT_HISTORY_TURNS, buildGenerationJob } from './bot-prompt';
import { BotSettingsService } from './bot-settings.service';
import { LiveReply, type ReplyTicket } from './live-reply';
import { ReplyCluster } from './reply-cluster';
import { ReplyGrounding } from './reply-grounding.service';

/** How a reply ended, for callers that wait for it (REST `?wait=true`). */
export interface ReplyEnd {
  replyId: string;
  outcome: BotReplyOutcome;
  messageSeq: number | null;
}

/** A reply starts over on another worker once when its worker is lost; a second loss hands over to a human. */
const MAX_ATTEMPTS = 2;
/** How long a worker has to accept or refuse a job. */
const ASSIGN_TIMEOUT_MS = 5_000;
/** Longest pause between two looks for a free worker while none has room. */
const WORKER_POLL_MS = 500;
/** Ends are remembered this long for callers that start waiting late. */
const ENDED_MEMORY_MS = 60_000;

/**
 * Bot replies from request to stored message: picks the least-loaded worker of the cluster, streams its
 * tokens to the visitor and the agents, stores the finished reply (only while the bot still owns the
 * conversation and nobody wrote since), retries once on another worker when one is lost, and falls back
 * to a human with the workspace's fallback message when no worker can answer.
 *
 * A reply lives on the replica its worker is connected to; cancels, snapshots and ends travel between
 * replicas through ReplyCluster (Redis), so any replica can cancel or resume any conversation.
 */
@Injectable()
export class BotReplyService implements WorkerJobListener, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(BotReplyService.name);
  private readonly replies = new Map<string, LiveReply>();
  private readonly waiters = new Map<string, Set<(end: ReplyEnd) => void>>();
  private readonly ended = new Map<string, ReplyEnd>();
  private readonly idleDispatchers = new Set<() => void>();
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WorkerRegistry) private readonly workers: WorkerRegistry,
    @Inject(ReplyCluster) private readonly cluster: ReplyCluster,
    @Inject(BotSettingsService) private readonly settings: BotSettingsService,
    @Inject(ConversationsService) private readonly conversations: ConversationsService,
    @Inject(MessagesService) private readonly messages: MessagesService,
    @Inject(HandoffService) private readonly handoff: HandoffService,
    @Inject(RealtimeEmitter) private readonly emitter: RealtimeEmitter,
    @Inject(ReplyChecksService) private readonly replyChecks: ReplyChecksService,
    @Inject(ConfidenceHandoffService) private readonly confidence: ConfidenceHandoffService,
    @Inject(ReplyGrounding) private readonly grounding: ReplyGrounding,
    @Optional() @Inject(Metrics) private readonly metrics?: Metrics,
  ) {}

  onModuleInit(): void {
    this.workers.setJobListener(this);
    this.cluster.listen({
      dispatch: (workerSocketId, ticket) => this.adopt(workerSocketId, ticket),
      cancel: (workspaceId, conversationId, outcome, exceptReplyId) =>
        this.cancelLocal(workspaceId, conversationId, outcome, exceptReplyId),
      snapshot: (workspaceId, conversationId) => this.localSnapshots(workspaceId, conversationId),
      live: (workspaceId, conversationId) => this.liveLocally(workspaceId, conversationId),
      ended: (end) => this.notifyEnd(end),
    });
  }

  onApplicationShutdown(): void {
    this.closing = true;
    for (const reply of [...this.replies.values()]) {
      if (reply.workerSocketId !== undefined) {
        this.workers.cancel(reply.workerSocketId, reply.replyId);
      }
      reply.clearDeadline();
    }
    this.wakeDispatchers();
  }

  /**
   * Starts the bot's reply to the customer message `upToSeq` and returns its id at once; the work goes on in
   * the background. Replies still running for the conversation are superseded: the new one answers them all.
   */
  start(conversation: ConversationAudience & { id: string }, upToSeq: number, settings?: BotSettingsDto): string {
    const replyId = randomUUID();
    const reply = new LiveReply({
      replyId,
      workspaceId: conversation.workspaceId,
      conversationId: conversation.id,
      visitorId: conversation.visitorId,
      upToSeq,
      job: { jobId: replyId, attempt: 1, persona: null, turns: [], params: EMPTY_PARAMS },
      waitUntil: Date.now() + this.config.workers.replyWaitMs,
      excludedWorkers: [],
    });
    // Registered before anything is read, so a takeover committed from now on finds it and cancels it.
    this.replies.set(replyId, reply);
    void this.cancel(conversation.workspaceId, conversation.id, 'superseded', replyId);
    this.prepareAndDispatch(reply, settings).catch((error: unknown) => this.crashed(reply, error));
    return replyId;
  }

  /**
   * Ends every reply of the conversation on every replica; the worker stops at its next step. Keyed by
   * workspace and conversation both, so nobody outside the workspace can stop its replies.
   */
  async cancel(
    workspaceId: string,
    conversationId: string,
    outcome: 'cancelled' | 'superseded',
    exceptReplyId?: string,
  ): Promise<void> {
    this.cancelLocal(workspaceId, conversationId, outcome, exceptReplyId);
    await this.cluster.cancel(workspaceId, conversationId, outcome, exceptReplyId);
  }

  /** Replies of the conversation still streaming anywhere in the cluster, with their text so far. */
  async snapshots(workspaceId: string, conversationId: string): Promise<BotReplySnapshot[]> {
    const remote = await this.cluster.snapshots(workspaceId, conversationId);
    return [...this.localSnapshots(workspaceId, conversationId), ...remote];
  }

  /** Whether a reply of the conversation is under way on any replica, in any phase. */
  async live(workspaceId: string, conversationId: string): Promise<boolean> {
    return this.liveLocally(workspaceId, conversationId) || (await this.cluster.live(workspaceId, conversationId));
  }

  /** Resolves when the reply ends (or null after `timeoutMs`). */
  waitFor(replyId: string, timeoutMs: number): Promise<ReplyEnd | null> {
    const known = this.ended.get(replyId);
    if (known !== undefined) {
      return Promise.resolve(known);
    }
    return new Promise((resolve) => {
      const waiters = this.waiters.get(replyId) ?? new Set();
      const done = (end: ReplyEnd | null): void => {
        clearTimeout(timer);
        waiters.delete(onEnd);
        if (waiters.size === 0) {
          this.waiters.delete(replyId);
        }
        resolve(end);
      };
      const onEnd = (end: ReplyEnd): void => done(end);
      const timer = setTimeout(() => done(null), timeoutMs);
      waiters.add(onEnd);
      this.waiters.set(replyId, waiters);
    });
  }

  /** Replies this replica is running or waiting to place. */
  get inFlight(): number {
    return this.replies.size;
  }

  // --- worker events (WorkerJobListener) ---

  jobDelta(workerSocketId: string, event: JobDeltaEvent): void {
    const reply = this.current(workerSocketId, event.jobId, event.attempt);
    if (reply === undefined) {
      return;
    }
    this.markRunning(reply);
    if (!reply.append(event.index, event.text)) {
      this.logger.warn(`Reply ${reply.replyId}: delta ${event.index} out of order (expected ${reply.nextIndex})`);
      return;
    }
    this.confidence.observeDelta(reply, event.text, event.logprobs);
    this.sendChecked(reply, this.replyChecks.push(reply, event.text), true);
  }

  jobDone(workerSocketId: string, event: JobDoneEvent): void {
    const reply = this.current(workerSocketId, event.jobId, event.attempt);
    if (reply === undefined) {
      return;
    }
    this.markRunning(reply);
    if (!this.sendChecked(reply, this.replyChecks.finish(reply, event.text), false)) {
      this.workers.release(workerSocketId);
      return;
    }
    reply.phase = 'ended';
    reply.clearDeadline();
    const registration = this.workers.local(workerSocketId)?.data.registration;
    this.workers.release(workerSocketId);
    const generation: GenerationStats = {
      modelId: registration?.modelId ?? 'unknown',
      modelVersion: registration?.modelVersion ?? 'unknown',
      ...event.stats,
      meanTokenProbability: event.stats.meanTokenProbability ?? null,
      minTokenProbability: event.stats.minTokenProbability ?? null,
    };
    this.untilDatabaseBack(reply, () => this.store(reply, event.text, generation)).catch((error: unknown) =>
      this.crashed(reply, error),
    );
  }

  jobFailed(workerSocketId: string, event: JobFailedEvent): void {
    const reply = this.current(workerSocketId, event.jobId, event.attempt);
    if (reply === undefined) {
      return;
    }
    this.workers.release(workerSocketId);
    if (event.code === 'busy' && reply.nextIndex === 0) {
      // Refused before its first token (the engine's queue filled up meanwhile): place it elsewhere.
      this.dispatch(reply).catch((error: unknown) => this.crashed(reply, error));
      return;
    }
    this.logger.warn(`Reply ${reply.replyId}: worker failed it (${event.code}): ${event.message}`);
    this.fail(reply, 'bot_failed').catch((error: unknown) => this.crashed(reply, error));
  }

  workerLost(workerSocketId: string): void {
    for (const reply of [...this.replies.values()]) {
      if (reply.workerSocketId !== workerSocketId || reply.phase === 'ended') {
        continue;
      }
      if (reply.attempt >= MAX_ATTEMPTS) {
        this.logger.warn(`Reply ${reply.replyId}: worker lost on attempt ${reply.attempt}; handing over`);
        this.fail(reply, 'bot_failed').catch((error: unknown) => this.crashed(reply, error));
        continue;
      }
      this.logger.warn(`Reply ${reply.replyId}: worker lost mid-reply; retrying on another worker`);
      reply.retry(workerSocketId, Date.now() + this.config.workers.replyWaitMs);
      this.dispatch(reply).catch((error: unknown) => this.crashed(reply, error));
    }
  }

  workerAvailable(): void {
    this.wakeDispatchers();
  }

  // --- the life of a reply ---

  /** `known` saves reading the settings again when the caller just did. */
  private async prepareAndDispatch(reply: LiveReply, known?: BotSettingsDto): Promise<void> {
    if (await this.untilDatabaseBack(reply, () => this.prepare(reply, known))) {
      await this.dispatch(reply);
    }
  }

  /**
   * Runs `work` again while the database is unavailable (a restart, a failover), for up to
   * DATABASE_RETRY_MS: a reply started just before an outage is answered after it rather than lost. Every
   * write it retries is keyed by the reply, so a retry never stores twice.
   */
  private async untilDatabaseBack<T>(reply: LiveReply, work: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + DATABASE_RETRY_MS;
    let warned = false;
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (!isDatabaseUnavailable(error) || Date.now() >= giveUpAt || this.closing) {
          throw error;
        }
        if (!warned) {
          warned = true;
          this.logger.warn(`Reply ${reply.replyId}: the database is unavailable; trying again until it is back`);
        }
        await new Promise((resolve) => setTimeout(resolve, DATABASE_RETRY_INTERVAL_MS));
      }
    }
  }

  /** Reads what the job needs; false when the reply ended meanwhile or a human owns the conversation. */
  private async prepare(reply: LiveReply, known?: BotSettingsDto): Promise<boolean> {
    const { workspaceId, conversationId, upToSeq } = reply.ticket;
    const conversation = await this.conversations.get(workspaceId, conversationId);
    if (reply.isEnded()) {
      return false;
    }
    if (conversation.status !== 'bot') {
      // A human took over between the message and now: the bot stays silent.
      this.finish(reply, 'cancelled', null);
      return false;
    }
    const [settings, history] = await Promise.all([
      known ?? this.settings.get(workspaceId),
      this.messages.lastTurns(workspaceId, conversationId, PROMPT_HISTORY_TURNS),
    ]);
    const job = buildGenerationJob(reply.replyId, settings, history, upToSeq);
    // One retrieval query beside the guardrails read; no connection is held while the worker writes.
    const [grounding, guardrails] = await Promise.all([
      this.grounding.passagesFor(workspaceId, job.turns),
      this.replyChecks.settingsFor(workspaceId),
    ]);
    reply.ticket.job = grounding.passages.length === 0 ? job : { ...job, passages: grounding.passages };
    reply.ticket.passageArticles = grounding.articles;
    reply.ticket.guardrails = guardrails;
    return !reply.isEnded();
  }

  /**
   * Finds a worker with room and hands the job to it, here or on the worker's replica. `preferred` is tried
   * first (the worker another replica picked). A newer search for the same reply (its worker was lost while
   * this one waited for an answer) makes this one stop.
   */
  private async dispatch(reply: LiveReply, preferred?: string): Promise<void> {
    const epoch = reply.beginDispatch();
    const current = (): boolean => reply.epoch === epoch && !reply.isEnded();
    const excluded = new Set(reply.ticket.excludedWorkers);
    let next: string | undefined = preferred;
    while (current() && !this.closing) {
      let socketId = next;
      next = undefined;
      if (socketId === undefined) {
        const worker = await this.workers.pick(excluded);
        if (!current()) {
          return;
        }
        if (worker === null) {
          const left = reply.ticket.waitUntil - Date.now();
          if (left <= 0) {
            // A reply whose worker was lost mid-way failed; one that never found a worker had none available.
            await this.fail(reply, reply.attempt > 1 ? 'bot_failed' : 'bot_unavailable');
            return;
          }
          await this.idle(Math.min(left, WORKER_POLL_MS));
          continue;
        }
        if (!worker.local) {
          // The reply moves to the worker's replica, which streams and stores it from now on.
          reply.phase = 'ended';
          this.replies.delete(reply.replyId);
          await this.cluster.dispatch(worker.socketId, reply.ticket);
          return;
        }
        socketId = worker.socketId;
      }
      reply.phase = 'assigning';
      reply.workerSocketId = socketId;
      if (!this.workers.usesKnowledgePassages(socketId)) {
        // Its model was trained without passages (or its worker predates them, and says nothing of them): the
        // job goes without, and the reply names no sources.
        withoutPassages(reply);
      }
      const answer = await this.workers.assign(socketId, reply.ticket.job, ASSIGN_TIMEOUT_MS);
      const accepted = typeof answer === 'object' && answer.accepted;
      if (!current()) {
        // Cancelled, or overtaken by a newer search (never on this worker), while the worker was answering.
        if (accepted) {
          this.workers.cancel(socketId, reply.replyId);
        }
        return;
      }
      if (accepted) {
        this.markRunning(reply);
        return;
      }
      reply.phase = 'dispatching';
      reply.workerSocketId = undefined;
      if (answer === 'gone' || answer === 'timeout') {
        if (answer === 'timeout') {
          this.workers.cancel(socketId, reply.replyId);
        }
        excluded.add(socketId);
        continue;
      }
      if (typeof answer === 'object' && !answer.accepted && answer.code !== 'busy') {
        this.logger.warn(`Reply ${reply.replyId}: worker refused the job (${answer.code}): ${answer.message}`);
        await this.fail(reply, 'bot_failed');
        return;
      }
    }
  }

  /** A reply for one of this replica's workers, placed by another replica. */
  private adopt(workerSocketId: string, ticket: ReplyTicket): void {
    const reply = new LiveReply(ticket);
    this.replies.set(reply.replyId, reply);
    const preferred = this.workers.local(workerSocketId) === undefined ? undefined : workerSocketId;
    this.dispatch(reply, preferred).catch((error: unknown) => this.crashed(reply, error));
  }

  private markRunning(reply: LiveReply): void {
    if (reply.phase === 'assigning') {
      reply.phase = 'running';
    }
    if (reply.started) {
      return;
    }
    reply.started = true;
    reply.setDeadline(this.config.workers.replyTimeoutMs, () => {
      this.logger.warn(`Reply ${reply.replyId} ran past ${this.config.workers.replyTimeoutMs} ms; giving up`);
      if (reply.workerSocketId !== undefined) {
        this.workers.cancel(reply.workerSocketId, reply.replyId);
      }
      this.fail(reply, 'bot_failed').catch((error: unknown) => this.crashed(reply, error));
    });
    this.emitter.replyStarted(audience(reply), {
      replyId: reply.replyId,
      conversationId: reply.ticket.conversationId,
      attempt: reply.attempt,
    });
  }

  /** Stores the finished reply, unless a human owns the conversation now or the customer wrote again. */
  private async store(reply: LiveReply, text: string, generation: GenerationStats): Promise<void> {
    const { workspaceId, conversationId, upToSeq } = reply.ticket;
    if (text.trim().length === 0) {
      this.logger.warn(`Reply ${reply.replyId}: the model produced no text`);
      await this.fail(reply, 'bot_failed');
      return;
    }
    const verdict = this.grounding.settle(text, reply.ticket.job, reply.ticket.passageArticles);
    try {
      const result = await this.messages.append(workspaceId, conversationId, {
        author: 'bot',
        text,
        sources: verdict.sources,
        // One stored message per reply, whatever retries or replicas did.
        clientMessageId: botReplyClientMessageId(reply.replyId),
        generation,
        replyToSeq: upToSeq,
      });
      if (!result.created) {
        this.finish(reply, 'completed', result.message.seq);
        return;
      }
      // The stored message and the end of the stream go out together, so that no client shows the reply
      // twice (streamed and stored) while the confidence check below reads and writes.
      this.emitter.messageCreated(result.conversation, result.message);
      this.finish(reply, 'completed', result.message.seq);
      this.metrics?.botReplyGenerated(generation);
      if (verdict.noAnswer) {
        // The reply said a person will help: it stays, and the conversation goes to the queue.
        await this.handOverNoAnswer(reply);
        return;
      }
      // Kept, then handed over when the model was unsure of it (confidence-handoff.service.ts).
      const stored = { ...reply.ticket, replyId: reply.replyId, messageSeq: result.message.seq, text, generation };
      await this.confidence.checkReply(reply, stored);
    } catch (error) {
      if (error instanceof ConversationError && error.code === ConversationErrorCode.BotNotAllowed) {
        this.finish(reply, 'cancelled', null);
      } else if (error instanceof ConversationError && error.code === ConversationErrorCode.ReplySuperseded) {
        this.finish(reply, 'superseded', null);
      } else if (error instanceof ConversationError && error.code === ConversationErrorCode.NotFound) {
        this.finish(reply, 'cancelled', null);
      } else {
        throw error;
      }
    }
  }

  /** A stored reply said the bot has no answer: the conversation goes to a person; a failure is only logged. */
  private async handOverNoAnswer(reply: LiveReply): Promise<void> {
    const { workspaceId, conversationId } = reply.ticket;
    try {
      await this.handoff.toQueue(workspaceId, conversationId, 'no_answer');
    } catch (error) {
      this.logger.error({ err: error }, `Reply ${reply.replyId}: the no-answer handoff failed`);
    }
  }

  /** No worker could answer: the conversation goes to the human queue with the workspace's fallback message. */
  private async fail(reply: LiveReply, reason: HandoffReason): Promise<void> {
    if (reply.phase === 'ended' && !this.replies.has(reply.replyId)) {
      return;
    }
    reply.phase = 'ended';
    reply.clearDeadline();
    const { workspaceId, conversationId } = reply.ticket;
    let outcome: 'failed' | 'cancelled' = 'failed';
    try {
      await this.untilDatabaseBack(reply, async () => {
        const settings = await this.settings.get(workspaceId);
        await this.handoff.toQueue(workspaceId, conversationId, reason, {
          text: settings.fallbackMessage,
          clientMessageId: `bot-fallback:${reply.replyId}`,
        });
      });
    } catch (error) {
      // Deleted while its reply waited for a worker: there is no one left to hand over to.
      if (!(error instanceof ConversationError && error.code === ConversationErrorCode.NotFound)) {
        throw error;
      }
      outcome = 'cancelled';
    } finally {
      this.finish(reply, outcome, null);
    }
  }

  /**
   * Sends the visitor what the reply checks released (renumbered deltas); when a check failed, stops the reply
   * (`stopWorker`: the worker is still generating), hands over with the safe fallback and returns false.
   */
  private sendChecked(reply: LiveReply, checked: CheckedDelta, stopWorker: boolean): boolean {
    if (checked.violation !== null) {
      if (stopWorker && reply.workerSocketId !== undefined) {
        this.workers.cancel(reply.workerSocketId, reply.replyId);
      }
      reply.phase = 'ended';
      reply.clearDeadline();
      this.logger.warn(`Reply ${reply.replyId}: stopped by the reply check ${checked.violation.rule}`);
      this.replyChecks
        .replace(reply.ticket, checked.violation)
        .then(() => this.finish(reply, 'failed', null))
        .catch((error: unknown) => this.crashed(reply, error));
      return false;
    }
    if (checked.delta !== null) {
      this.emitter.replyDelta(audience(reply), {
        replyId: reply.replyId,
        conversationId: reply.ticket.conversationId,
        attempt: reply.attempt,
        index: checked.delta.index,
        text: checked.delta.text,
      });
    }
    return true;
  }

  private finish(reply: LiveReply, outcome: BotReplyOutcome, messageSeq: number | null): void {
    if (!this.replies.delete(reply.replyId)) {
      return;
    }
    reply.phase = 'ended';
    reply.clearDeadline();
    if (reply.started) {
      this.emitter.replyEnded(audience(reply), {
        replyId: reply.replyId,
        conversationId: reply.ticket.conversationId,
        outcome,
        messageSeq,
      });
    }
    const end: ReplyEnd = { replyId: reply.replyId, outcome, messageSeq };
    this.metrics?.botReplyEnded(outcome);
    this.notifyEnd(end);
    void this.cluster.ended(end);
  }

  private cancelLocal(
    workspaceId: string,
    conversationId: string,
    outcome: 'cancelled' | 'superseded',
    exceptReplyId?: string,
  ): void {
    for (const reply of [...this.replies.values()]) {
      const { ticket } = reply;
      if (
        ticket.workspaceId !== workspaceId ||
        ticket.conversationId !== conversationId ||
        reply.replyId === exceptReplyId
      ) {
        continue;
      }
      if (reply.workerSocketId !== undefined && reply.phase !== 'ended') {
        this.workers.cancel(reply.workerSocketId, reply.replyId);
      }
      this.finish(reply, outcome, null);
    }
  }

  private liveLocally(workspaceId: string, conversationId: string): boolean {
    return [...this.replies.values()].some(
      ({ ticket, phase }) =>
        ticket.workspaceId === workspaceId && ticket.conversationId === conversationId && phase !== 'ended',
    );
  }

  private localSnapshots(workspaceId: string, conversationId: string): BotReplySnapshot[] {
    return [...this.replies.values()]
      .filter(
        ({ ticket, started, phase }) =>
          ticket.workspaceId === workspaceId &&
          ticket.conversationId === conversationId &&
          started &&
          phase !== 'ended',
      )
      .map((reply) => reply.snapshot());
  }

  private notifyEnd(end: ReplyEnd): void {
    this.ended.set(end.replyId, end);
    setTimeout(() => this.ended.delete(end.replyId), ENDED_MEMORY_MS).unref();
    for (const waiter of [...(this.waiters.get(end.replyId) ?? [])]) {
      waiter(end);
    }
  }

  /** Current only: a late event from a worker that lost the reply, or of an older attempt, is dropped. */
  private current(workerSocketId: string, jobId: string, attempt: number): LiveReply | undefined {
    const reply = this.replies.get(jobId);
    if (
      reply === undefined ||
      reply.workerSocketId !== workerSocketId ||
      reply.attempt !== attempt ||
      (reply.phase !== 'running' && reply.phase !== 'assigning')
    ) {
      return undefined;
    }
    return reply;
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.idleDispatchers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.idleDispatchers.add(wake);
    });
  }

  private wakeDispatchers(): void {
    for (const wake of [...this.idleDispatchers]) {
      wake();
    }
  }

  /** A bug or a database outage in the reply's own work: log it, and never leave the visitor in silence. */
  private crashed(reply: LiveReply, error: unknown): void {
    this.logger.error({ err: error }, `Reply ${reply.replyId} failed unexpectedly`);
    if (this.replies.has(reply.replyId)) {
      this.fail(reply, 'bot_failed').catch((second: unknown) => {
        this.logger.error({ err: second }, `Reply ${reply.replyId}: the fallback failed too`);
        this.finish(reply, 'failed', null);
      });
    }
  }
}

/** How long a reply keeps trying while the database is unavailable, and how often. */
const DATABASE_RETRY_MS = 60_000;
const DATABASE_RETRY_INTERVAL_MS = 1_000;

const EMPTY_PARAMS = { maxNewTokens: 1, temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1 };

/** Takes the knowledge passages (and so the sources) off the reply's job. */
function withoutPassages(reply: LiveReply): void {
  const { passages: _passages, ...job } = reply.ticket.job;
  reply.ticket.job = job;
  reply.ticket.passageArticles = [];
}

function audience(reply: LiveReply): ConversationAudience {
  return { workspaceId: reply.ticket.workspaceId, visitorId: reply.ticket.visitorId };
}
