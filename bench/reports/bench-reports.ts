/**
 * Seeds 100,000 conversations with their messages, status changes and satisfaction answers into a
 * scratch database of its own on the local PostgreSQL, then times each report route's statement over a
 * one-year range (target: under 1 s). The database is dropped at the end, also after a failure.
 *
 *   npm run bench:reports
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_CONVERSATIONS=100000 npm run bench:reports
 */
import { performance } from 'node:perf_hooks';
import { type ReportRange, SupportReportsRepository, createDataSource } from '@neodesk/persistence';
import { DataSource } from 'typeorm';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The whole run, seeding included, is cut off after this. */
const TIME_LIMIT_MS = 10 * 60 * 1000;
const YEAR_START = '2025-12-01T00:00:00Z';
const YEAR_END = '2026-12-01T00:00:00Z';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Each conversation follows one script, chosen at random in these proportions: the message authors
 * with their offsets in seconds, and the status changes with theirs.
 */
const SCRIPTS = `
  CREATE TEMP TABLE script_messages (kind int, seq int, author text, offset_s int);
  INSERT INTO script_messages VALUES
    -- 0: the bot answers twice, resolved
    (0, 1, 'customer', 0), (0, 2, 'bot', 2), (0, 3, 'customer', 60), (0, 4, 'bot', 63),
    -- 1: the bot answers once, idle
    (1, 1, 'customer', 0), (1, 2, 'bot', 3),
    -- 2: handed off, an agent answers twice, resolved
    (2, 1, 'customer', 0), (2, 2, 'bot', 2), (2, 3, 'agent', 240), (2, 4, 'customer', 300), (2, 5, 'agent', 360),
    -- 3: resolved, reopened three days later, resolved again
    (3, 1, 'customer', 0), (3, 2, 'bot', 2), (3, 3, 'customer', 259200), (3, 4, 'bot', 259203);
  CREATE TEMP TABLE script_changes (kind int, ord int, from_status text, to_status text, handoff boolean, offset_s int);
  INSERT INTO script_changes VALUES
    (0, 1, 'bot', 'resolved', false, 300),
    (2, 1, 'bot', 'waiting_human', true, 60), (2, 2, 'waiting_human', 'human', false, 180),
    (2, 3, 'human', 'resolved', false, 600),
    (3, 1, 'bot', 'resolved', false, 300), (3, 2, 'resolved', 'bot', false, 259200),
    (3, 3, 'bot', 'resolved', false, 259500);
`;

async function main(): Promise<void> {
  const server = new URL(SERVER_URL);
  if (!LOOPBACK.has(server.hostname)) {
    throw new Error(`BENCH_DATABASE_URL must point at this machine (loopback), not ${server.hostname}`);
  }
  const name = `neodesk_bench_reports_${process.pid}`;
  const admin = new DataSource({ type: 'postgres', url: SERVER_URL });
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${name}`);
  const timer = setTimeout(() => {
    console.error(`Stopped after ${TIME_LIMIT_MS / 1000} s`);
    void admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => process.exit(1));
  }, TIME_LIMIT_MS);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const db = createDataSource(url.toString(), 2, 10_000);
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const seeded = await seed(db);
    // The statistics autovacuum gathers after such a load; without them every plan is a guess.
    await db.query('ANALYZE');
    console.log(
      `Seeded ${seeded.conversations} conversations, ${seeded.messages} messages, ` +
        `${seeded.changes} status changes, ${seeded.answers} satisfaction answers in ${seeded.seconds.toFixed(1)} s`,
    );
    const reports = new SupportReportsRepository(db.manager);
    if (process.env.BENCH_SEED_ONLY !== undefined) {
      console.log(`Kept ${name}`);
      return;
    }
    console.log(`\n1-year range (${YEAR_START} to ${YEAR_END}), best and median of ${RUNS} runs:\n`);
    console.log('| Route | groupBy | timeZone | Best | Median |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const [route, run] of [
      ['GET /api/v1/reports/conversations', (range: ReportRange) => reports.conversations(range)],
      ['GET /api/v1/reports/messages', (range: ReportRange) => reports.messages(range)],
      ['GET /api/v1/reports/agents', (range: ReportRange) => reports.agents(range)],
    ] as const) {
      for (const [groupBy, timeZone] of [
        ['day', 'UTC'],
        ['week', 'Europe/Paris'],
        ['month', 'America/New_York'],
      ] as const) {
        const range: ReportRange = {
          workspaceId: seeded.workspaceId,
          from: new Date(YEAR_START),
          to: new Date(YEAR_END),
          timeZone,
          groupBy,
          idleBefore: new Date(Date.now() - 86_400_000),
        };
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const started = performance.now();
          await run(range);
          times.push(performance.now() - started);
        }
        times.sort((a, b) => a - b);
        console.log(
          `| \`${route}\` | ${groupBy} | ${timeZone} | ${times[0].toFixed(0)} ms | ${times[Math.floor(RUNS / 2)].toFixed(0)} ms |`,
        );
      }
    }
  } finally {
    clearTimeout(timer);
    if (db.isInitialized) {
      await db.destroy();
    }
    if (process.env.BENCH_KEEP_DATABASE === undefined) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await admin.destroy();
  }
}

async function seed(db: DataSource): Promise<{
  workspaceId: string;
  conversations: number;
  messages: number;
  changes: number;
  answers: number;
  seconds: number;
}> {
  const started = performance.now();
  const step = (what: string): void => console.log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return db.transaction(async (tx) => {
    const [{ id: workspaceId }] = await tx.query<Array<{ id: string }>>(
      `INSERT INTO workspaces (name, slug, widget_key) VALUES ('Bench', 'bench', 'nd_pk_bench_reports') RETURNING id`,
    );
    await tx.query(
      `INSERT INTO users (workspace_id, email, display_name, password_hash, role)
       SELECT $1, 'agent' || i || '@bench.example', 'Agent ' || i, 'x', 'agent' FROM generate_series(1, 8) i`,
      [workspaceId],
    );
    for (const statement of SCRIPTS.split(';').filter((sql) => sql.trim().length > 0)) {
      await tx.query(statement);
    }
    await tx.query(`SELECT setseed(0.42)`);
    // Spread over the year; 55% kind 0, 15% kind 1, 25% kind 2, 5% kind 3.
    await tx.query(
      `CREATE TEMP TABLE plan AS
       SELECT gen_random_uuid() AS id, i,
              $2::timestamptz + (random() * interval '365 days') AS created_at,
              CASE WHEN r < 0.55 THEN 0 WHEN r < 0.70 THEN 1 WHEN r < 0.95 THEN 2 ELSE 3 END AS kind,
              (SELECT array_agg(id ORDER BY id) FROM users WHERE workspace_id = $1) AS agents
         FROM (SELECT i, random() AS r FROM generate_series(1, $3) i) s`,
      [workspaceId, YEAR_START, CONVERSATIONS],
    );
    step('plan');
    await tx.query(
      `INSERT INTO conversations (id, workspace_id, visitor_id, channel, status, assigned_agent_id, created_at,
                                  updated_at, last_seq, last_message_at, status_changed_at, resolved_at)
       SELECT p.id, $1, 'visitor-' || p.i, 'web',
              CASE p.kind WHEN 1 THEN 'bot' ELSE 'resolved' END,
              CASE p.kind WHEN 2 THEN p.agents[1 + p.i % 8] END,
              p.created_at, p.created_at, m.last_seq, p.created_at + m.last_offset * interval '1 second',
              p.created_at, CASE WHEN p.kind <> 1 THEN p.created_at + c.last_offset * interval '1 second' END
         FROM plan p
         JOIN (SELECT kind, max(seq) AS last_seq, max(offset_s) AS last_offset FROM script_messages GROUP BY kind) m
           ON m.kind = p.kind
         LEFT JOIN (SELECT kind, max(offset_s) AS last_offset FROM script_changes GROUP BY kind) c ON c.kind = p.kind`,
      [workspaceId],
    );
    step('conversations');
    await tx.query(
      `INSERT INTO messages (workspace_id, conversation_id, seq, author, author_user_id, text, created_at,
                             model_id, model_version, prompt_tokens, completion_tokens, queue_ms,
                             time_to_first_token_ms, total_ms, finish_reason, feedback)
       SELECT $1, p.id, s.seq, s.author, CASE s.author WHEN 'agent' THEN p.agents[1 + p.i % 8] END,
              'Benchmark message ' || s.seq, p.created_at + s.offset_s * interval '1 second',
              g.model_id, g.model_version, g.prompt_tokens, g.tokens, g.queue_ms, g.ttft, g.ttft + g.tokens * 40,
              g.finish_reason,
              CASE WHEN s.author = 'bot' THEN (CASE WHEN g.r < 0.10 THEN 'positive' WHEN g.r < 0.13 THEN 'negative' END) END
         FROM plan p
         JOIN script_messages s ON s.kind = p.kind
         CROSS JOIN LATERAL (
           SELECT CASE WHEN s.author = 'bot' THEN 'neo' END AS model_id,
                  CASE WHEN s.author = 'bot' THEN '1' END AS model_version,
                  CASE WHEN s.author = 'bot' THEN 200 END AS prompt_tokens,
                  CASE WHEN s.author = 'bot' THEN 5 + (random() * 55)::int END AS tokens,
                  CASE WHEN s.author = 'bot' THEN 0 END AS queue_ms,
                  CASE WHEN s.author = 'bot' THEN 100 + (random() * 900)::int END AS ttft,
                  CASE WHEN s.author = 'bot' THEN 'stop' END AS finish_reason,
                  random() AS r
         ) g`,
      [workspaceId],
    );
    step('messages');
    await tx.query(
      `INSERT INTO conversation_status_changes (workspace_id, conversation_id, from_status, to_status, reason,
                                                agent_id, created_at)
       SELECT $1, p.id, s.from_status, s.to_status,
              CASE WHEN s.handoff
                THEN (ARRAY['visitor_request', 'handoff_phrase', 'api_request', 'bot_unavailable', 'bot_failed'])[1 + p.i % 5]
                WHEN s.to_status = 'human' THEN 'agent_takeover' END,
              CASE WHEN s.to_status IN ('human', 'resolved') AND p.kind = 2 THEN p.agents[1 + p.i % 8] END,
              p.created_at + s.offset_s * interval '1 second'
         FROM plan p JOIN script_changes s ON s.kind = p.kind`,
      [workspaceId],
    );
    step('status changes');
    await tx.query(
      `INSERT INTO conversation_satisfaction (conversation_id, workspace_id, score, created_at, updated_at)
       SELECT p.id, $1, 1 + (random() * 4)::int, p.created_at, p.created_at
         FROM plan p WHERE p.kind <> 1 AND random() < 0.3`,
      [workspaceId],
    );
    const [counts] = await tx.query<Array<Record<string, string>>>(
      `SELECT (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM messages) AS messages,
              (SELECT count(*) FROM conversation_status_changes) AS changes,
              (SELECT count(*) FROM conversation_satisfaction) AS answers`,
    );
    return {
      workspaceId,
      conversations: Number(counts.conversations),
      messages: Number(counts.messages),
      changes: Number(counts.changes),
      answers: Number(counts.answers),
      seconds: (performance.now() - started) / 1000,
    };
  });
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
