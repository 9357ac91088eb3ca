import { randomUUID } from 'node:crypto';
import type { WebhookEventInput, WebhookEventType } from '@neodesk/contracts';
import { EntityManager, Repository } from 'typeorm';
import { WebhookDeliveryAttemptEntity } from './webhook-delivery-attempt.entity';
import { WebhookDeliveryEntity, type WebhookDeliveryStatus } from './webhook-delivery.entity';

/** A delivery a dispatcher claimed: everything needed to send it, and the token its result is written with. */
export interface ClaimedDelivery {
  id: string;
  workspaceId: string;
  webhookId: string;
  eventType: WebhookEventType;
  eventId: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  /** The number of this attempt (1 for the first; redeliveries continue the count). */
  attempt: number;
  /** The number of this attempt since the delivery was (re)queued: what the retry schedule counts. */
  roundAttempt: number;
  url: string;
  signingSecret: string;
  claimToken: string;
}

/** What one attempt gave, and what the delivery becomes. */
export interface DeliveryAttemptResult {
  delivery: ClaimedDelivery;
  startedAt: Date;
  durationMs: number;
  responseStatus: number | null;
  error: string | null;
  status: WebhookDeliveryStatus;
  /** For a delivery still pending: how long until its next attempt. */
  retryInMs: number;
}

export interface DeliveryPageQuery {
  status?: WebhookDeliveryStatus;
  /** A delivery id: the page continues after it (newest first). */
  cursor?: string;
  limit: number;
}

/** Recorded for an attempt whose sender never reported back (it died or hung past its lease). */
export const ABANDONED_ATTEMPT_ERROR = 'No result: the sender stopped before the attempt ended (lease expired)';

interface ClaimedRow {
  id: string;
  workspace_id: string;
  webhook_id: string;
  event_type: WebhookEventType;
  event_id: string;
  payload: Record<string, unknown>;
  created_at: Date;
  attempts: number;
  requeued_attempts: number;
  url: string;
  signing_secret: string;
}

/**
 * The outbox: rows written in the transaction of the event they describe, claimed by dispatchers with
 * FOR UPDATE SKIP LOCKED (replicas share the table), and their attempts.
 */
export class WebhookDeliveriesRepository {
  private readonly repo: Repository<WebhookDeliveryEntity>;

  /** `enqueued` is told when rows were written (after the commit, through the unit of work). */
  constructor(
    private readonly manager: EntityManager,
    private readonly enqueued: () => void = () => undefined,
  ) {
    this.repo = manager.getRepository(WebhookDeliveryEntity);
  }

  /**
   * One pending delivery per enabled endpoint of the workspace subscribed to the event, in one statement;
   * call it inside the transaction of the change. Returns how many were written (0: nobody listens).
   * The event time is the statement's clock, not the transaction's start: two events of one transaction
   * keep their order (deliveries of a conversation go out in that order, see claimDue).
   */
  async enqueue(event: WebhookEventInput): Promise<number> {
    const rows = await this.manager.query<Array<{ id: string }>>(
      `INSERT INTO webhook_deliveries (workspace_id, webhook_id, event_type, event_id, payload, created_at)
       SELECT w.workspace_id, w.id, $2::text, $3::uuid, $4::jsonb, clock_timestamp()
         FROM webhooks w
        WHERE w.workspace_id = $1 AND w.is_active AND $2::text = ANY (w.events)
       RETURNING id`,
      [event.workspaceId, event.type, randomUUID(), JSON.stringify(event.data)],
    );
    const written = rows.length;
    if (written > 0) {
      this.enqueued();
    }
    return written;
  }

  /**
   * Claims up to `limit` due deliveries of enabled endpoints: each gets a fresh claim token, its attempt
   * counted, and next_attempt_at one lease ahead (another dispatcher takes it again only after that).
   * Rows other dispatchers hold are skipped, not waited for. A row whose previous claim never reported
   * gets that attempt recorded as abandoned. Per endpoint, a conversation's events go out in the order
   * they happened: a delivery waits while an older one of the same conversation is still pending (being
   * sent or retried); one given up as failed no longer holds the next back.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const claimToken = randomUUID();
    // An UPDATE answers [rows, affected] through TypeORM.
    const [rows] = await this.manager.query<[ClaimedRow[], number]>(
      `WITH due AS (
         SELECT d.id, d.workspace_id, d.claim_token AS previous_claim, d.attempts AS previous_attempt,
                d.last_attempt_at AS previous_started
           FROM webhook_deliveries d
           JOIN webhooks w ON w.id = d.webhook_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND w.is_active
            AND NOT EXISTS (
                  SELECT 1
                    FROM webhook_deliveries older
                   WHERE older.status = 'pending'
                     AND older.webhook_id = d.webhook_id
                     AND older.payload #>> '{conversation,id}' = d.payload #>> '{conversation,id}'
                     AND (older.created_at, older.id) < (d.created_at, d.id))
          ORDER BY d.next_attempt_at
          LIMIT $1
            FOR UPDATE OF d SKIP LOCKED
       ), abandoned AS (
         INSERT INTO webhook_delivery_attempts (workspace_id, delivery_id, attempt, started_at, error)
         SELECT due.workspace_id, due.id, due.previous_attempt, COALESCE(due.previous_started, now()), $4
           FROM due
          WHERE due.previous_claim IS NOT NULL AND due.previous_attempt > 0
         ON CONFLICT DO NOTHING
       )
       UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1,
              claim_token = $2,
              last_attempt_at = now(),
              next_attempt_at = now() + $3::int * interval '1 millisecond'
         FROM due, webhooks w
        WHERE d.id = due.id AND w.id = d.webhook_id
       RETURNING d.id, d.workspace_id, d.webhook_id, d.event_type, d.event_id, d.payload, d.created_at,
                 d.attempts, d.requeued_attempts, w.url, w.signing_secret`,
      [limit, claimToken, leaseMs, ABANDONED_ATTEMPT_ERROR],
    );
    return rows.map((row) => ({
      id: row.id,
      workspaceId: row.workspace_id,
      webhookId: row.webhook_id,
      eventType: row.event_type,
      eventId: row.event_id,
      payload: row.payload,
      createdAt: row.created_at,
      attempt: row.attempts,
      roundAttempt: row.attempts - row.requeued_attempts,
      url: row.url,
      signingSecret: row.signing_secret,
      claimToken,
    }));
  }

  /**
   * Records the attempt and, if this dispatcher's claim still holds, the delivery's new state (in one
   * statement). Returns false when the claim had been taken over: the attempt is kept, the state is not.
   */
  async recordAttempt(result: DeliveryAttemptResult): Promise<boolean> {
    const { delivery } = result;
    const [, updated] = await this.manager.query<[unknown[], number]>(
      `WITH attempt AS (
         INSERT INTO webhook_delivery_attempts
                (workspace_id, delivery_id, attempt, started_at, duration_ms, response_status, error)
         VALUES ($1::uuid, $2::uuid, $3::int, $4::timestamptz, $5::int, $6::int, $7::text)
         ON CONFLICT DO NOTHING
       )
       UPDATE webhook_deliveries
          SET status = $8::varchar,
              claim_token = NULL,
              next_attempt_at = now() + $9::int * interval '1 millisecond',
              last_response_status = $6::int,
              last_error = $7::text,
              delivered_at = CASE WHEN $8::varchar = 'succeeded' THEN now() ELSE delivered_at END
        WHERE id = $2::uuid AND claim_token = $10::uuid`,
      [
        delivery.workspaceId,
        delivery.id,
        delivery.attempt,
        result.startedAt,
        Math.round(result.durationMs),
        result.responseStatus,
        result.error,
        result.status,
        result.status === 'pending' ? Math.max(0, Math.round(result.retryInMs)) : 0,
        delivery.claimToken,
      ],
    );
    return updated > 0;
  }

  /**
   * Deletes up to `limit` finished deliveries (sent or given up) created before `before`, oldest first, with
   * their attempts (cascade); pending ones stay whatever their age. Returns how many went.
   */
  async pruneFinished(before: Date, limit: number): Promise<number> {
    const [, deleted] = await this.manager.query<[unknown, number]>(
      `DELETE FROM webhook_deliveries
        WHERE id IN (SELECT id FROM webhook_deliveries
                      WHERE status <> 'pending' AND created_at < $1
                      ORDER BY created_at
                      LIMIT $2)`,
      [before, limit],
    );
    return deleted;
  }

  /** When the earliest pending delivery of an enabled endpoint is due; null when there is none. */
  async nextDueAt(): Promise<Date | null> {
    const rows = await this.manager.query<Array<{ due: Date | null }>>(
      `SELECT min(d.next_attempt_at) AS due
         FROM webhook_deliveries d
         JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.status = 'pending' AND w.is_active`,
    );
    return rows[0]?.due ?? null;
  }

  /** An endpoint's deliveries, newest first. */
  page(workspaceId: string, webhookId: string, query: DeliveryPageQuery): Promise<WebhookDeliveryEntity[]> {
    const builder = this.repo
      .createQueryBuilder('delivery')
      .where('delivery.workspaceId = :workspaceId AND delivery.webhookId = :webhookId', { workspaceId, webhookId })
      .orderBy('delivery.createdAt', 'DESC')
      .addOrderBy('delivery.id', 'DESC')
      .limit(query.limit);
    if (query.status !== undefined) {
      builder.andWhere('delivery.status = :status', { status: query.status });
    }
    if (query.cursor !== undefined) {
      // Compared in SQL: created_at has microseconds that a JavaScript Date would lose.
      builder.andWhere(
        `(delivery.createdAt, delivery.id) < (SELECT after.created_at, after.id FROM webhook_deliveries after
           WHERE after.id = :cursor AND after.workspace_id = :workspaceId AND after.webhook_id = :webhookId)`,
        { cursor: query.cursor },
      );
    }
    return builder.getMany();
  }

  findById(workspaceId: string, webhookId: string, id: string): Promise<WebhookDeliveryEntity | null> {
    return this.repo.findOneBy({ workspaceId, webhookId, id });
  }

  /** The attempts of these deliveries, in order. */
  attemptsOf(workspaceId: string, deliveryIds: string[]): Promise<WebhookDeliveryAttemptEntity[]> {
    if (deliveryIds.length === 0) {
      return Promise.resolve([]);
    }
    return this.manager
      .getRepository(WebhookDeliveryAttemptEntity)
      .createQueryBuilder('attempt')
      .where('attempt.workspaceId = :workspaceId AND attempt.deliveryId IN (:...deliveryIds)', {
        workspaceId,
        deliveryIds,
      })
      .orderBy('attempt.deliveryId')
      .addOrderBy('attempt.attempt')
      .getMany();
  }

  /**
   * Sends the delivery again from now, with a fresh retry budget (whatever its status). Returns 'in_flight'
   * (and changes nothing) while a dispatcher holds it, null when the endpoint has no such delivery.
   */
  async requeue(workspaceId: string, webhookId: string, id: string): Promise<'requeued' | 'in_flight' | null> {
    const [, updated] = await this.manager.query<[unknown[], number]>(
      `UPDATE webhook_deliveries
          SET status = 'pending', next_attempt_at = now(), requeued_attempts = attempts
        WHERE workspace_id = $1 AND webhook_id = $2 AND id = $3 AND claim_token IS NULL`,
      [workspaceId, webhookId, id],
    );
    if (updated > 0) {
      this.enqueued();
      return 'requeued';
    }
    return (await this.findById(workspaceId, webhookId, id)) === null ? null : 'in_flight';
  }
}
