import { Inject, Injectable } from '@nestjs/common';
import type {
  BotReplyOutcome,
  GenerationStats,
  GuardrailAction,
  GuardrailRule,
  MessageAuthor,
} from '@neodesk/contracts';
import { Repositories } from '@neodesk/persistence';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { WorkerRegistry } from '../workers/worker-registry';

const REPLY_SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];

/**
 * The service's Prometheus metrics, in one registry per process: each replica counts what it did itself,
 * so every replica is scraped. Counters and histograms are recorded as things happen; conversations by
 * status (from the database, the same on every replica) and the figures of the workers connected to this
 * replica are read when scraped.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'neodesk_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly messages = new Counter({
    name: 'neodesk_messages_created_total',
    help: 'Messages stored by this replica, by author',
    labelNames: ['author'] as const,
    registers: [this.registry],
  });

  private readonly replies = new Counter({
    name: 'neodesk_bot_replies_total',
    help: 'Bot replies ended on this replica, by outcome (completed, cancelled, superseded, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly guardrailDecisions = new Counter({
    name: 'neodesk_guardrail_decisions_total',
    help: 'Guardrail decisions made on this replica, by rule and action',
    labelNames: ['rule', 'action'],
    registers: [this.registry],
  });

  private readonly timeToFirstToken = new Histogram({
    name: 'neodesk_bot_reply_time_to_first_token_seconds',
    help: 'Time to the first token of stored bot replies, as the worker measured it',
    buckets: REPLY_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly replyDuration = new Histogram({
    name: 'neodesk_bot_reply_duration_seconds',
    help: 'Total generation time of stored bot replies, as the worker measured it',
    buckets: REPLY_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly webhookAttempts = new Counter({
    name: 'neodesk_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts made by this replica, by event type and result (delivered, retrying, failed, interrupted)',
    labelNames: ['event', 'result'] as const,
    registers: [this.registry],
  });

  private readonly webhookAttemptDuration = new Histogram({
    name: 'neodesk_webhook_delivery_attempt_duration_seconds',
    help: "Time from sending a webhook to the receiver's answer (or the failure)",
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });

  constructor(@Inject(Repositories) repositories: Repositories, @Inject(WorkerRegistry) workers: WorkerRegistry) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'neodesk_conversations',
      help: 'Conversations of every workspace by status (from the database: the same on every replica)',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const { status, count } of await repositories.reports.conversationCountsByStatus()) {
          this.set({ status }, count);
        }
      },
    });
    // Workers connected to this replica only, so that summing over replicas counts each worker once.
    const localWorkers = async () => (await workers.list()).filter((worker) => worker.local);
    const workerLabels = ['worker_id', 'host', 'model_id', 'model_version'] as const;
    const labelsOf = (worker: Awaited<ReturnType<typeof localWorkers>>[number]) => ({
      worker_id: worker.workerId,
      host: worker.registration.host,
      model_id: worker.registration.modelId,
      model_version: worker.registration.modelVersion,
    });
    new Gauge({
      name: 'neodesk_worker_running_replies',
      help: 'Replies a worker connected to this replica is decoding (last heartbeat)',
      labelNames: workerLabels,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const worker of await localWorkers()) {
          this.set(labelsOf(worker), worker.heartbeat?.running ?? 0);
        }
      },
    });
    new Gauge({
      name: 'neodesk_worker_waiting_replies',
      help: 'Replies queued on a worker connected to this replica (last heartbeat)',
      labelNames: workerLabels,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const worker of await localWorkers()) {
          this.set(labelsOf(worker), worker.heartbeat?.waiting ?? 0);
        }
      },
    });
    new Counter({
      name: 'neodesk_worker_tokens_generated_total',
      help: 'Tokens a worker connected to this replica generated since it started (last heartbeat)',
      labelNames: workerLabels,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const worker of await localWorkers()) {
          this.inc(labelsOf(worker), worker.heartbeat?.tokensGenerated ?? 0);
        }
      },
    });
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  messageCreated(author: MessageAuthor): void {
    this.messages.inc({ author });
  }

  webhookAttempt(event: string, result: 'delivered' | 'retrying' | 'failed' | 'interrupted', durationMs: number): void {
    this.webhookAttempts.inc({ event, result });
    this.webhookAttemptDuration.observe(durationMs / 1000);
  }

  botReplyEnded(outcome: BotReplyOutcome): void {
    this.replies.inc({ outcome });
  }

  guardrailDecision(rule: GuardrailRule, action: GuardrailAction): void {
    this.guardrailDecisions.inc({ rule, action });
  }

  botReplyGenerated(generation: GenerationStats): void {
    this.timeToFirstToken.observe(generation.timeToFirstTokenMs / 1000);
    this.replyDuration.observe(generation.totalMs / 1000);
  }

  /** The exposition text and its Content-Type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
