import type { HandoffReason } from '@neodesk/contracts';
import type { EntityManager } from 'typeorm';

/** The range and grouping of a report; every statement reads one workspace only. */
export interface ReportRange {
  workspaceId: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** An IANA time zone name, already validated: periods start at midnight there. */
  timeZone: string;
  groupBy: 'day' | 'week' | 'month';
  /** A bot-owned conversation with no message since this instant counts as ended (idle). */
  idleBefore: Date;
}

/** Where a period row sits: its first day in the report's time zone and that midnight as an instant. */
interface PeriodColumns {
  /** `YYYY-MM-DD`, or null on the totals row. */
  period: string | null;
  start: Date | null;
}

/** Figures of the conversations started in one period (or in the whole range on the totals row). */
export interface ConversationReportRow extends PeriodColumns {
  started: number;
  botConversations: number;
  contained: number;
  handedOff: number;
  handoffReasons: Record<HandoffReason, number>;
  botFirstResponseCount: number;
  botFirstResponseMedianMs: number | null;
  botFirstResponseP90Ms: number | null;
  personFirstResponseCount: number;
  personFirstResponseMedianMs: number | null;
  personFirstResponseP90Ms: number | null;
  resolved: number;
  resolutionMedianMs: number | null;
  resolutionP90Ms: number | null;
  resolvedAfterHandoff: number;
  resolutionAfterHandoffMedianMs: number | null;
  resolutionAfterHandoffP90Ms: number | null;
  satisfactionResponses: number;
  satisfactionPositive: number;
  resolvedWithSatisfaction: number;
}

/** Figures of the messages written in one period (or in the whole range on the totals row). */
export interface MessageReportRow extends PeriodColumns {
  customerMessages: number;
  botMessages: number;
  agentMessages: number;
  thumbsUp: number;
  thumbsDown: number;
  generatedReplies: number;
  timeToFirstTokenP50Ms: number | null;
  timeToFirstTokenP95Ms: number | null;
  completionTokens: number;
  generationMs: number;
}

/** One agent's replies in one period (or in the whole range on the totals row). */
export interface AgentReportRow extends PeriodColumns {
  /** Null for messages of users deleted since. */
  agentId: string | null;
  name: string | null;
  conversations: number;
  replies: number;
}

/** The workspace's open conversations right now, by status, and the oldest wait for a person. */
export interface LiveReportRow {
  /** The database's clock when counted, so a client can tick the wait from the same instant. */
  at: Date;
  bot: number;
  waitingHuman: number;
  human: number;
  /** When the conversation waiting longest went to `waiting_human`; null when none waits. */
  oldestWaitingSince: Date | null;
}

/**
 * The period start of every bucket from `from` to `to` in the range's time zone, as local timestamps:
 * $2 from, $3 to, $4 time zone, $5 unit.
 */
const PERIODS = `
  periods AS (
    SELECT p AS bucket
      FROM generate_series(
        date_trunc($5, $2::timestamptz AT TIME ZONE $4),
        ($3::timestamptz AT TIME ZONE $4) - interval '1 microsecond',
        ('1 ' || $5)::interval) p
  )`;

/** The conversations `c` of the report: the workspace's, started in the range. */
const STARTED_IN_RANGE = 'c.workspace_id = $1 AND c.created_at >= $2 AND c.created_at < $3';

/** The columns that name a row's period; `a.is_total` marks the totals row. */
const PERIOD_COLUMNS = `
  CASE WHEN a.is_total = 1 THEN NULL ELSE to_char(p.bucket, 'YYYY-MM-DD') END AS period,
  CASE WHEN a.is_total = 1 THEN NULL ELSE p.bucket AT TIME ZONE $4 END AS start`;

const HANDOFF_REASON_COLUMNS: Record<HandoffReason, string> = {
  visitor_request: 'reason_visitor_request',
  handoff_phrase: 'reason_handoff_phrase',
  agent_takeover: 'reason_agent_takeover',
  api_request: 'reason_api_request',
  bot_unavailable: 'reason_bot_unavailable',
  bot_failed: 'reason_bot_failed',
  guardrail: 'reason_guardrail',
  low_confidence: 'reason_low_confidence',
  repeated_question: 'reason_repeated_question',
  negative_ratings: 'reason_negative_ratings',
  no_answer: 'reason_no_answer',
};

/** Handoffs the bot's own failure or checks caused: the conversation counts as the bot's even with no reply. */
const BOT_HANDOFF_REASONS = (
  [
    'bot_unavailable',
    'bot_failed',
    'guardrail',
    'low_confidence',
    'repeated_question',
    'negative_ratings',
    'no_answer',
  ] as const
)
  .map((reason) => `'${reason}'`)
  .join(', ');

/**
 * The Reports API's aggregates: one statement per report, grouped by period in the range's time zone
 * with a totals row (GROUPING SETS), periods without data included as zeros. The definitions are the
 * README's ("Reports" under "REST API"); change both together.
 */
export class SupportReportsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Conversation figures, each conversation counted in the period it started in. */
  async conversations(range: ReportRange): Promise<ConversationReportRow[]> {
    const rows = await this.query(
      `WITH ${PERIODS},
       -- Messages and changes come after their conversation's start: those of conversations started
       -- earlier read here are left out by the join below (cheaper than joining conversations here).
       changes AS (
         SELECT s.conversation_id,
                min(s.created_at) FILTER (WHERE s.handoff) AS handoff_at,
                (array_agg(s.reason ORDER BY s.created_at) FILTER (WHERE s.handoff))[1] AS handoff_reason,
                bool_or(s.from_status = 'resolved' AND s.created_at <= s.previous_at + interval '7 days')
                  AS reopened_within_7_days
           FROM (
             SELECT s.conversation_id, s.created_at, s.from_status, s.reason,
                    s.from_status = 'bot' AND s.to_status IN ('waiting_human', 'human') AS handoff,
                    lag(s.created_at) OVER (PARTITION BY s.conversation_id ORDER BY s.created_at) AS previous_at
               FROM conversation_status_changes s
              WHERE s.workspace_id = $1 AND s.created_at >= $2
           ) s
          GROUP BY s.conversation_id
       ),
       msg AS (
         SELECT m.conversation_id,
                min(m.created_at) FILTER (WHERE m.author = 'customer') AS first_customer_at,
                min(m.created_at) FILTER (WHERE m.author = 'bot') AS first_bot_at,
                bool_or(m.author = 'agent') AS agent_wrote,
                min(m.created_at) FILTER (WHERE m.author = 'agent' AND m.created_at >= ch.handoff_at) AS person_first_at
           FROM messages m
           LEFT JOIN changes ch ON ch.conversation_id = m.conversation_id
          WHERE m.workspace_id = $1 AND m.created_at >= $2
          GROUP BY m.conversation_id
       ),
       facts AS (
         SELECT date_trunc($5, c.created_at AT TIME ZONE $4) AS bucket, c.status, c.resolved_at,
                ch.handoff_at, ch.handoff_reason, sat.score,
                (msg.first_bot_at IS NOT NULL OR ch.handoff_reason IN (${BOT_HANDOFF_REASONS})) AS bot_handled,
                (c.status = 'resolved' OR (c.status = 'bot' AND coalesce(c.last_message_at, c.created_at) < $6))
                  AND coalesce(msg.agent_wrote, false) = false
                  AND ch.handoff_at IS NULL
                  AND coalesce(ch.reopened_within_7_days, false) = false AS contained,
                CASE WHEN msg.first_bot_at >= msg.first_customer_at
                  THEN extract(epoch FROM msg.first_bot_at - msg.first_customer_at)::float8 * 1000 END AS bot_first_ms,
                extract(epoch FROM msg.person_first_at - ch.handoff_at)::float8 * 1000 AS person_first_ms,
                extract(epoch FROM c.resolved_at - coalesce(msg.first_customer_at, c.created_at))::float8 * 1000
                  AS resolution_ms,
                extract(epoch FROM c.resolved_at - ch.handoff_at)::float8 * 1000 AS resolution_after_handoff_ms
           FROM conversations c
           LEFT JOIN msg ON msg.conversation_id = c.id
           LEFT JOIN changes ch ON ch.conversation_id = c.id
           LEFT JOIN conversation_satisfaction sat ON sat.conversation_id = c.id AND sat.workspace_id = $1
          WHERE ${STARTED_IN_RANGE}
       ),
       a AS (
         SELECT bucket, GROUPING(bucket) AS is_total,
                count(*)::int AS started,
                count(*) FILTER (WHERE bot_handled)::int AS bot_conversations,
                count(*) FILTER (WHERE bot_handled AND contained)::int AS contained,
                count(*) FILTER (WHERE bot_handled AND handoff_at IS NOT NULL)::int AS handed_off,
                ${Object.entries(HANDOFF_REASON_COLUMNS)
                  .map(
                    ([reason, column]) =>
                      `count(*) FILTER (WHERE bot_handled AND handoff_reason = '${reason}')::int AS ${column}`,
                  )
                  .join(',\n')},
                count(bot_first_ms)::int AS bot_first_count,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY bot_first_ms) AS bot_first_median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY bot_first_ms) AS bot_first_p90,
                count(person_first_ms)::int AS person_first_count,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY person_first_ms) AS person_first_median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY person_first_ms) AS person_first_p90,
                count(*) FILTER (WHERE status = 'resolved')::int AS resolved,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_ms) AS resolution_median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY resolution_ms) AS resolution_p90,
                count(resolution_after_handoff_ms)::int AS resolved_after_handoff,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution_after_handoff_ms) AS resolution_after_handoff_median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY resolution_after_handoff_ms) AS resolution_after_handoff_p90,
                count(score)::int AS satisfaction_responses,
                count(*) FILTER (WHERE score >= 4)::int AS satisfaction_positive,
                count(score) FILTER (WHERE status = 'resolved')::int AS resolved_with_satisfaction
           FROM facts
          GROUP BY GROUPING SETS ((bucket), ())
       )
       SELECT ${PERIOD_COLUMNS}, a.*
         FROM periods p FULL JOIN a ON a.bucket = p.bucket
        ORDER BY p.bucket NULLS LAST`,
      this.parameters(range, [range.idleBefore]),
    );
    return rows.map((row) => ({
      ...periodOf(row),
      started: int(row.started),
      botConversations: int(row.bot_conversations),
      contained: int(row.contained),
      handedOff: int(row.handed_off),
      handoffReasons: Object.fromEntries(
        Object.entries(HANDOFF_REASON_COLUMNS).map(([reason, column]) => [reason, int(row[column])]),
      ) as Record<HandoffReason, number>,
      botFirstResponseCount: int(row.bot_first_count),
      botFirstResponseMedianMs: num(row.bot_first_median),
      botFirstResponseP90Ms: num(row.bot_first_p90),
      personFirstResponseCount: int(row.person_first_count),
      personFirstResponseMedianMs: num(row.person_first_median),
      personFirstResponseP90Ms: num(row.person_first_p90),
      resolved: int(row.resolved),
      resolutionMedianMs: num(row.resolution_median),
      resolutionP90Ms: num(row.resolution_p90),
      resolvedAfterHandoff: int(row.resolved_after_handoff),
      resolutionAfterHandoffMedianMs: num(row.resolution_after_handoff_median),
      resolutionAfterHandoffP90Ms: num(row.resolution_after_handoff_p90),
      satisfactionResponses: int(row.satisfaction_responses),
      satisfactionPositive: int(row.satisfaction_positive),
      resolvedWithSatisfaction: int(row.resolved_with_satisfaction),
    }));
  }

  /** Message figures, each message counted in the period it was written in. */
  async messages(range: ReportRange): Promise<MessageReportRow[]> {
    const rows = await this.query(
      `WITH ${PERIODS},
       m AS (
         SELECT m.author, m.feedback, m.time_to_first_token_ms, m.completion_tokens, m.total_ms,
                date_trunc($5, m.created_at AT TIME ZONE $4) AS bucket
           FROM messages m
          WHERE m.workspace_id = $1 AND m.created_at >= $2 AND m.created_at < $3
       ),
       a AS (
         SELECT bucket, GROUPING(bucket) AS is_total,
                count(*) FILTER (WHERE author = 'customer')::int AS customer_messages,
                count(*) FILTER (WHERE author = 'bot')::int AS bot_messages,
                count(*) FILTER (WHERE author = 'agent')::int AS agent_messages,
                count(*) FILTER (WHERE author = 'bot' AND feedback = 'positive')::int AS thumbs_up,
                count(*) FILTER (WHERE author = 'bot' AND feedback = 'negative')::int AS thumbs_down,
                count(time_to_first_token_ms) FILTER (WHERE author = 'bot')::int AS generated_replies,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_first_token_ms) FILTER (WHERE author = 'bot')
                  AS ttft_p50,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY time_to_first_token_ms) FILTER (WHERE author = 'bot')
                  AS ttft_p95,
                coalesce(sum(completion_tokens) FILTER (WHERE author = 'bot' AND total_ms > 0), 0)::float8
                  AS completion_tokens,
                coalesce(sum(total_ms) FILTER (WHERE author = 'bot' AND total_ms > 0 AND completion_tokens IS NOT NULL), 0)::float8
                  AS generation_ms
           FROM m
          GROUP BY GROUPING SETS ((bucket), ())
       )
       SELECT ${PERIOD_COLUMNS}, a.*
         FROM periods p FULL JOIN a ON a.bucket = p.bucket
        ORDER BY p.bucket NULLS LAST`,
      this.parameters(range),
    );
    return rows.map((row) => ({
      ...periodOf(row),
      customerMessages: int(row.customer_messages),
      botMessages: int(row.bot_messages),
      agentMessages: int(row.agent_messages),
      thumbsUp: int(row.thumbs_up),
      thumbsDown: int(row.thumbs_down),
      generatedReplies: int(row.generated_replies),
      timeToFirstTokenP50Ms: num(row.ttft_p50),
      timeToFirstTokenP95Ms: num(row.ttft_p95),
      completionTokens: num(row.completion_tokens) ?? 0,
      generationMs: num(row.generation_ms) ?? 0,
    }));
  }

  /** Each agent's replies and the conversations they were written in, per period and in total. */
  async agents(range: ReportRange): Promise<AgentReportRow[]> {
    const rows = await this.query(
      `WITH ${PERIODS},
       m AS (
         SELECT m.author_user_id AS agent_id, m.conversation_id,
                date_trunc($5, m.created_at AT TIME ZONE $4) AS bucket
           FROM messages m
          WHERE m.workspace_id = $1 AND m.created_at >= $2 AND m.created_at < $3 AND m.author = 'agent'
       ),
       g AS (
         SELECT agent_id, bucket, GROUPING(bucket) AS is_total,
                count(DISTINCT conversation_id)::int AS conversations, count(*)::int AS replies
           FROM m
          GROUP BY GROUPING SETS ((agent_id, bucket), (agent_id))
       ),
       a AS (
         SELECT agents.agent_id, p.bucket, 0 AS is_total,
                coalesce(g.conversations, 0) AS conversations, coalesce(g.replies, 0) AS replies
           FROM (SELECT DISTINCT agent_id FROM m) agents
          CROSS JOIN periods p
           LEFT JOIN g ON g.is_total = 0 AND g.agent_id IS NOT DISTINCT FROM agents.agent_id AND g.bucket = p.bucket
         UNION ALL
         SELECT agent_id, NULL, 1, conversations, replies FROM g WHERE is_total = 1
       )
       SELECT CASE WHEN a.is_total = 1 THEN NULL ELSE to_char(a.bucket, 'YYYY-MM-DD') END AS period,
              CASE WHEN a.is_total = 1 THEN NULL ELSE a.bucket AT TIME ZONE $4 END AS start,
              a.agent_id, u.display_name AS name, a.conversations, a.replies, a.is_total
         FROM a LEFT JOIN users u ON u.id = a.agent_id AND u.workspace_id = $1
        ORDER BY u.display_name NULLS LAST, a.agent_id NULLS LAST, a.bucket NULLS LAST`,
      this.parameters(range),
    );
    return rows.map((row) => ({
      ...periodOf(row),
      agentId: (row.agent_id as string | null) ?? null,
      name: (row.name as string | null) ?? null,
      conversations: int(row.conversations),
      replies: int(row.replies),
    }));
  }

  /**
   * Runs a report statement with JIT compilation off: its planning estimates are far above the rows it
   * reads, and compiling its many expressions took 0.8 s of a 1 s answer (bench/reports).
   */
  /** Open conversations by status and the longest current wait (its latest move to `waiting_human`). */
  async live(workspaceId: string): Promise<LiveReportRow> {
    const [row] = await this.manager.query<Array<Record<string, unknown>>>(
      `SELECT now() AS at,
              count(*) FILTER (WHERE c.status = 'bot')::int AS bot,
              count(*) FILTER (WHERE c.status = 'waiting_human')::int AS waiting_human,
              count(*) FILTER (WHERE c.status = 'human')::int AS human,
              min(coalesce(w.since, c.updated_at)) FILTER (WHERE c.status = 'waiting_human') AS oldest_waiting_since
         FROM conversations c
         LEFT JOIN LATERAL (
           SELECT max(s.created_at) AS since
             FROM conversation_status_changes s
            WHERE s.conversation_id = c.id AND s.to_status = 'waiting_human'
         ) w ON c.status = 'waiting_human'
        WHERE c.workspace_id = $1 AND c.status <> 'resolved'`,
      [workspaceId],
    );
    const since = row.oldest_waiting_since as Date | string | null;
    return {
      at: new Date(row.at as Date | string),
      bot: int(row.bot),
      waitingHuman: int(row.waiting_human),
      human: int(row.human),
      oldestWaitingSince: since === null ? null : new Date(since),
    };
  }

  private query(sql: string, parameters: unknown[]): Promise<Array<Record<string, unknown>>> {
    return this.manager.transaction('READ COMMITTED', async (manager) => {
      await manager.query('SET LOCAL jit = off');
      return manager.query<Array<Record<string, unknown>>>(sql, parameters);
    });
  }

  private parameters(range: ReportRange, extra: unknown[] = []): unknown[] {
    return [range.workspaceId, range.from, range.to, range.timeZone, range.groupBy, ...extra];
  }
}

function periodOf(row: Record<string, unknown>): PeriodColumns {
  const start = row.start as Date | string | null;
  return {
    period: (row.period as string | null) ?? null,
    start: start === null ? null : new Date(start),
  };
}

function int(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
