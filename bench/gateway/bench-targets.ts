/**
 * The two servers npm run bench:gateway measures, each on a fresh database of its own:
 * ours, the built conversation service, set up the way a real client meets it; and the floor.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { WidgetSessionDto } from '@neodesk/contracts';
import { Client } from 'pg';
import {
  CleanupStack,
  NodeChild,
  ROOT,
  childEnv,
  createDatabase,
  freePort,
  sleep,
  tsNodeArgs,
} from './bench-processes';
import type { BenchVisitor } from './load-protocol';

export const BENCH_ORIGIN = 'https://shop.bench.neodesk.test';
const SERVICE_MAIN = path.join(ROOT, 'dist/apps/conversation-service/src/main.js');
const DATABASE_CLI = path.join(ROOT, 'dist/apps/conversation-service/src/database/database-cli.js');
const START_TIMEOUT_MS = 90_000;
const SESSION_CONCURRENCY = 16;

export type TargetName = 'ours' | 'floor';

export interface TargetOptions {
  serverUrl: string;
  poolSize: number;
  /** Node's --cpu-prof into this folder, for the server process. */
  cpuProfDir?: string;
}

/** A running server under test, with a connection to its database for setup and checks. */
export interface Target {
  readonly name: TargetName;
  readonly url: string;
  readonly databaseName: string;
  readonly db: Client;
  readonly server: NodeChild;
  /** `count` fresh visitors, each with a conversation of their own in human mode. */
  newVisitors(count: number): Promise<BenchVisitor[]>;
}

export function assertBuilt(): void {
  if (!existsSync(SERVICE_MAIN)) {
    throw new Error(`${SERVICE_MAIN} is missing: run \`npm run build\` first`);
  }
}

function profileFlags(options: TargetOptions, name: TargetName): string[] {
  return options.cpuProfDir === undefined
    ? []
    : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`, `--cpu-prof-name=${name}-${process.pid}.cpuprofile`];
}

async function connectDb(url: string, cleanup: CleanupStack): Promise<Client> {
  const db = new Client({ connectionString: url });
  await db.connect();
  cleanup.push('close bench database connection', () => db.end());
  return db;
}

async function waitForHealthy(port: number, server: NodeChild): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!server.running) {
      throw new Error(`the service exited while starting:\n${server.output}`);
    }
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`the service was not healthy within ${START_TIMEOUT_MS} ms:\n${server.output}`);
}

/** Runs `work` over `items`, `concurrency` at a time, keeping the order of the results. */
async function mapConcurrently<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}

/**
 * The built service (`node dist/.../main.js`) on a fresh database. It bootstraps its workspace and admin;
 * the bench allows its own origin on that workspace, opens visitor sessions with POST /api/v1/widget/sessions
 * and hands the conversations to the admin (status human) so the bot stays out of the measurement.
 */
export async function startOurs(options: TargetOptions, cleanup: CleanupStack): Promise<Target> {
  const databaseName = `neodesk_bench_${process.pid}`;
  const databaseUrl = await createDatabase(options.serverUrl, databaseName, cleanup);
  const port = await freePort();
  const server = new NodeChild(
    'the conversation service',
    [...profileFlags(options, 'ours'), SERVICE_MAIN],
    childEnv({
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(options.poolSize),
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      BOOTSTRAP_ADMIN_PASSWORD: randomBytes(16).toString('base64url'),
      LOG_LEVEL: 'warn',
      EMBEDDED_WORKER: 'false',
    }),
  );
  cleanup.push('stop the conversation service', () => server.stop());
  await waitForHealthy(port, server);
  const db = await connectDb(databaseUrl, cleanup);
  const {
    rows: [workspace],
  } = await db.query<{ id: string; widget_key: string; admin_id: string }>(
    `UPDATE workspaces w SET allowed_origins = ARRAY[$1]
     FROM users u WHERE u.workspace_id = w.id AND u.role = 'admin'
     RETURNING w.id, w.widget_key, u.id AS admin_id`,
    [BENCH_ORIGIN],
  );
  if (workspace === undefined) {
    throw new Error('the service did not bootstrap a workspace with an admin');
  }
  const url = `http://127.0.0.1:${port}`;

  const openSession = async (): Promise<WidgetSessionDto> => {
    const response = await fetch(`${url}/api/v1/widget/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BENCH_ORIGIN },
      body: JSON.stringify({ widgetKey: workspace.widget_key }),
    });
    if (response.status !== 201) {
      throw new Error(`POST /api/v1/widget/sessions answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as WidgetSessionDto;
  };

  return {
    name: 'ours',
    url,
    databaseName,
    db,
    server,
    async newVisitors(count) {
      const sessions = await mapConcurrently(Array.from({ length: count }), SESSION_CONCURRENCY, openSession);
      const conversationIds = sessions.map((session) => session.conversation.id);
      await db.query(
        `UPDATE conversations SET status = 'human', assigned_agent_id = $2, status_changed_at = now()
         WHERE workspace_id = $1 AND id = ANY($3::uuid[])`,
        [workspace.id, workspace.admin_id, conversationIds],
      );
      return sessions.map((session) => ({
        conversationId: session.conversation.id,
        widgetKey: workspace.widget_key,
        visitorToken: session.visitorToken,
      }));
    },
  };
}

/** The floor server on a fresh database with the same migrations; conversations are plain rows. */
export async function startFloor(options: TargetOptions, cleanup: CleanupStack): Promise<Target> {
  const databaseName = `neodesk_bench_floor_${process.pid}`;
  const databaseUrl = await createDatabase(options.serverUrl, databaseName, cleanup);
  const migrate = new NodeChild('database-cli run', [DATABASE_CLI, 'run'], childEnv({ DATABASE_URL: databaseUrl }));
  cleanup.push('stop database-cli', () => migrate.stop());
  if ((await migrate.exited) !== 0) {
    throw new Error(`migrating the floor's database failed:\n${migrate.output}`);
  }
  const db = await connectDb(databaseUrl, cleanup);
  const {
    rows: [workspace],
  } = await db.query<{ id: string }>(
    `INSERT INTO workspaces (name, slug, widget_key, allowed_origins) VALUES ('Floor', 'floor', 'floor', ARRAY[$1])
     RETURNING id`,
    [BENCH_ORIGIN],
  );
  const server = new NodeChild(
    'the floor server',
    tsNodeArgs('floor-server.ts', profileFlags(options, 'floor')),
    childEnv({ DATABASE_URL: databaseUrl, PORT: '0', POOL_SIZE: String(options.poolSize) }),
  );
  cleanup.push('stop the floor server', () => server.stop());
  const [, port] = await server.waitForOutput(/listening (\d+)/, START_TIMEOUT_MS);
  let visitorNumber = 0;

  return {
    name: 'floor',
    url: `http://127.0.0.1:${port}`,
    databaseName,
    db,
    server,
    async newVisitors(count) {
      const first = visitorNumber;
      visitorNumber += count;
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO conversations (workspace_id, visitor_id, channel, status)
         SELECT $1, 'floor-visitor-' || n, 'web', 'human' FROM generate_series($2::int, $3::int) AS n
         RETURNING id`,
        [workspace.id, first, first + count - 1],
      );
      return rows.map((row) => ({ conversationId: row.id, widgetKey: 'floor', visitorToken: 'floor' }));
    },
  };
}
