import { Inject, Injectable, Logger } from '@nestjs/common';
import { BOT_REPLY_OUTCOMES, type BotReplyOutcome, type BotReplySnapshot } from '@neodesk/contracts';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { WorkerRegistry } from '../workers/worker-registry';
import type { ReplyTicket } from './live-reply';

/** What another replica can ask of this one. */
export interface ReplyClusterHandlers {
  dispatch(workerSocketId: string, ticket: ReplyTicket): void;
  cancel(
    workspaceId: string,
    conversationId: string,
    outcome: 'cancelled' | 'superseded',
    exceptReplyId?: string,
  ): void;
  snapshot(workspaceId: string, conversationId: string): BotReplySnapshot[];
  live(workspaceId: string, conversationId: string): boolean;
  ended(end: { replyId: string; outcome: BotReplyOutcome; messageSeq: number | null }): void;
}

/**
 * Bot-reply messages between service replicas, as socket.io server-side events over the Redis adapter.
 * With one replica (no REDIS_URL) every method is a no-op: everything is local.
 */
@Injectable()
export class ReplyCluster {
  private readonly logger = new Logger(ReplyCluster.name);
  private readonly clustered: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(WorkerRegistry) private readonly workers: WorkerRegistry,
  ) {
    this.clustered = config.redisUrl !== undefined;
  }

  listen(handlers: ReplyClusterHandlers): void {
    // The namespace exists once the gateway started; attach lazily on first use of the registry.
    this.pending = handlers;
    this.attach();
  }

  async dispatch(workerSocketId: string, ticket: ReplyTicket): Promise<void> {
    this.namespace()?.serverSideEmit('replies:dispatch', { workerSocketId, ticket });
    return Promise.resolve();
  }

  async cancel(
    workspaceId: string,
    conversationId: string,
    outcome: 'cancelled' | 'superseded',
    exceptReplyId?: string,
  ): Promise<void> {
    this.namespace()?.serverSideEmit('replies:cancel', { workspaceId, conversationId, outcome, exceptReplyId });
    return Promise.resolve();
  }

  async ended(end: { replyId: string; outcome: BotReplyOutcome; messageSeq: number | null }): Promise<void> {
    this.namespace()?.serverSideEmit('replies:ended', end);
    return Promise.resolve();
  }

  /** The other replicas' streaming replies of a conversation; whatever arrived within the timeout. */
  snapshots(workspaceId: string, conversationId: string): Promise<BotReplySnapshot[]> {
    const namespace = this.namespace();
    if (namespace === undefined) {
      return Promise.resolve([]);
    }
    return namespace.serverSideEmitWithAck('replies:snapshot', { workspaceId, conversationId }).then(
      (answers: BotReplySnapshot[][]) => answers.flat().filter(isSnapshot),
      (error: Error & { responses?: BotReplySnapshot[][] }) => {
        // A replica that did not answer in time (the adapter's requestsTimeout) cannot hold much: use the rest.
        this.logger.warn(`Not every replica answered for the replies of ${conversationId}: ${error.message}`);
        return (error.responses ?? []).flat().filter(isSnapshot);
      },
    );
  }

  /**
   * Whether another replica holds a reply of the conversation in any phase. A replica that does not answer in
   * time counts as holding one: the caller then leaves the conversation alone rather than answer it twice.
   */
  live(workspaceId: string, conversationId: string): Promise<boolean> {
    const namespace = this.namespace();
    if (namespace === undefined) {
      return Promise.resolve(false);
    }
    return namespace.serverSideEmitWithAck('replies:live', { workspaceId, conversationId }).then(
      (answers: boolean[]) => answers.some((answer) => answer === true),
      (error: Error) => {
        this.logger.warn(`Not every replica answered whether ${conversationId} has a reply: ${error.message}`);
        return true;
      },
    );
  }

  private pending: ReplyClusterHandlers | undefined;
  private attached = false;

  private namespace() {
    this.attach();
    return this.clustered && this.attached ? this.workers.workerNamespace : undefined;
  }

  private attach(): void {
    const namespace = this.workers.workerNamespace;
    const handlers = this.pending;
    if (this.attached || !this.clustered || namespace === undefined || handlers === undefined) {
      return;
    }
    this.attached = true;
    namespace.on('replies:dispatch', (event) => {
      if (isTicketEvent(event)) {
        handlers.dispatch(event.workerSocketId, event.ticket);
      }
    });
    namespace.on('replies:cancel', (event) => {
      if (
        typeof event?.workspaceId === 'string' &&
        typeof event.conversationId === 'string' &&
        (event.outcome === 'cancelled' || event.outcome === 'superseded')
      ) {
        handlers.cancel(event.workspaceId, event.conversationId, event.outcome, event.exceptReplyId);
      }
    });
    namespace.on('replies:snapshot', (ref, answer) => {
      if (
        typeof ref?.workspaceId === 'string' &&
        typeof ref.conversationId === 'string' &&
        typeof answer === 'function'
      ) {
        answer(handlers.snapshot(ref.workspaceId, ref.conversationId));
      }
    });
    namespace.on('replies:live', (ref, answer) => {
      if (
        typeof ref?.workspaceId === 'string' &&
        typeof ref.conversationId === 'string' &&
        typeof answer === 'function'
      ) {
        answer(handlers.live(ref.workspaceId, ref.conversationId));
      }
    });
    namespace.on('replies:ended', (end) => {
      if (typeof end?.replyId === 'string' && BOT_REPLY_OUTCOMES.includes(end.outcome)) {
        handlers.ended(end);
      }
    });
  }
}

function isTicketEvent(event: unknown): event is { workerSocketId: string; ticket: ReplyTicket } {
  const candidate = event as { workerSocketId?: unknown; ticket?: Partial<ReplyTicket> } | null;
  return (
    typeof candidate?.workerSocketId === 'string' &&
    typeof candidate.ticket?.replyId === 'string' &&
    typeof candidate.ticket.conversationId === 'string' &&
    typeof candidate.ticket.job === 'object'
  );
}

function isSnapshot(value: unknown): value is BotReplySnapshot {
  const candidate = value as Partial<BotReplySnapshot> | null;
  return typeof candidate?.replyId === 'string' && typeof candidate.text === 'string';
}
