import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DATABASE_CLI,
  SERVICE_MAIN,
  ServiceProcess,
  exitWithin,
  freePort,
  startupRefusal,
  waitForHealthy,
} from '../support/service-process';
import request from 'supertest';
import { RealtimeClients, nextEvent, openSession, ready } from '../support/realtime-clients';
import type { BotReplyEndEvent, LoginResponseDto, MessageDto, WidgetSessionDto } from '@neodesk/contracts';

describe('the conversation service process', () => {
  const dataDirs: string[] = [];
  const running: ServiceProcess[] = [];

  function start(env: Record<string, string>, script = SERVICE_MAIN, args: string[] = []): ServiceProcess {
    const service = new ServiceProcess(script, env, args);
    running.push(service);
    return service;
  }

  function newDataDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neodesk-e2e-'));
    dataDirs.push(dir);
    return dir;
  }

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
    for (const dir of dataDirs) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should run on the embedded database, keep its data across a restart, and lock its data dir', async () => {
    const dataDir = newDataDir();
    const port = await freePort();

    const first = start({ DATA_DIR: dataDir, PORT: String(port) });
    const health = await waitForHealthy(port, first);
    expect(health).toMatchObject({ ready: true, checks: { database: { kind: 'embedded', migrations: 'applied' } } });
    expect(first.stdout).toContain('Log in as the first admin');
    expect(first.stdout).toMatch(/Password: [A-Za-z0-9_-]{20}\n/);
    expect(first.stdout).toContain('Applied migrations');
    expect(fs.existsSync(path.join(dataDir, 'neodesk.lock'))).toBe(true);

    const second = start({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(await exitWithin(second, 30_000)).toBe(1);
    // The refusal alone, as one JSON line: no stack trace, nothing on stdout.
    expect(startupRefusal(second)).toMatchObject({
      code: 'DATA_DIR_LOCKED',
      msg: expect.stringContaining(`is in use by process ${first.pid}`),
    });
    expect(second.stderr).not.toContain('    at ');
    expect(second.stdout).toBe('');

    expect(await first.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'neodesk.lock'))).toBe(false);

    const restarted = start({ DATA_DIR: dataDir, PORT: String(port) });
    await waitForHealthy(port, restarted);
    // The workspace and admin from the first run are still there: no second bootstrap, nothing to migrate.
    expect(restarted.stdout).not.toContain('Log in as the first admin');
    expect(restarted.stdout).not.toContain('Applied migrations');
    expect(await restarted.stop()).toBe(0);

    const show = start({ DATA_DIR: dataDir }, DATABASE_CLI, ['show']);
    expect(await exitWithin(show, 30_000)).toBe(0);
    expect(show.stdout).toContain('[x] CreateBotSettingsAndWebhooks1764150000002');
    expect(show.stdout).not.toContain('[ ]');
  });

  it('should answer a visitor with its embedded worker on embedded defaults, as `npm start` runs', async () => {
    const port = await freePort();
    const service = start({ DATA_DIR: newDataDir(), PORT: String(port) });
    await waitForHealthy(port, service);
    const widgetKey = /Widget key of the workspace[^:]*: (\S+)/.exec(service.stdout)?.[1];
    expect(widgetKey).toBeDefined();
    const url = `http://127.0.0.1:${port}`;
    // Concurrent requests on the embedded database (one PGlite behind the Postgres wire protocol).
    const sessions = await Promise.all(Array.from({ length: 8 }, () => openSession(url, widgetKey ?? '', null)));
    expect(new Set(sessions.map((opened) => opened.conversation.id)).size).toBe(8);
    const session = sessions[0];
    const clients = new RealtimeClients(url);
    try {
      const visitor = clients.visitor({ widgetKey: widgetKey ?? '', visitorToken: session.visitorToken }, null);
      await ready(visitor);
      const ended = nextEvent<BotReplyEndEvent>(visitor, 'bot:reply:end');
      const reply = new Promise<MessageDto>((resolve) =>
        visitor.on('message:new', (message) => message.author === 'bot' && resolve(message)),
      );
      await visitor.emitWithAck('message:send', {
        conversationId: session.conversation.id,
        clientMessageId: 'embedded-1',
        text: 'Where is my order?',
      });
      expect(await ended).toMatchObject({ outcome: 'completed', messageSeq: 2 });
      expect((await reply).generation).toMatchObject({ modelId: 'neodesk-support-gpt-neo' });
    } finally {
      clients.closeAll();
    }
    expect(service.stdout + service.stderr).toContain('Started the embedded inference worker');
    expect(await service.stop()).toBe(0);
  }, 90_000);

  it('should exit non-zero with a clear message, and no password, when DATABASE_URL is unreachable', async () => {
    const service = start({
      DATABASE_URL: 'postgres://neodesk:hunter2secret@127.0.0.1:1/neodesk',
      DATABASE_CONNECT_RETRIES: '1',
      PORT: String(await freePort()),
    });
    expect(await exitWithin(service, 20_000)).toBe(1);
    expect(startupRefusal(service).msg).toContain(
      'Cannot connect to PostgreSQL at postgres://neodesk:***@127.0.0.1:1/neodesk after 2 attempt(s)',
    );
    expect(service.stderr + service.stdout).not.toContain('hunter2secret');
  });

  it('should refuse bad configuration and name every bad variable', async () => {
    const service = start({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://db/neodesk',
      DATABASE_MIGRATE_ON_START: 'maybe',
    });
    expect(await exitWithin(service, 20_000)).toBe(1);
    const { msg } = startupRefusal(service);
    expect(msg).toContain('PORT: must be a whole number between 0 and 65535 (got "eighty")');
    expect(msg).toContain('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")');
    expect(msg).toContain('DATABASE_URL: must use one of the schemes postgres: postgresql:');
    expect(msg).toContain('DATABASE_MIGRATE_ON_START: must be one of true, false');
    expect(startupRefusal(service).issues).toHaveLength(4);
  });

  it('should keep returning visitors and agents signed in across a restart without SESSION_SECRET', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_WORKER: 'false',
      BOOTSTRAP_ADMIN_PASSWORD: 'restart spec password',
    };
    const first = start(env);
    await waitForHealthy(port, first);
    const widgetKey = /Widget key of the workspace[^:]*: (\S+)/.exec(first.stdout)?.[1] ?? '';
    const session = await openSession(url, widgetKey, null);
    const login = (
      await request(url)
        .post('/api/v1/auth/login')
        .send({ email: 'admin@neodesk.local', password: 'restart spec password' })
        .expect(200)
    ).body as LoginResponseDto;
    expect(await first.stop()).toBe(0);
    // The generated signing key lives in the database, not in the process: never in a log line.
    expect(first.stdout + first.stderr).not.toContain('SESSION_SECRET is not set');

    const restarted = start(env);
    await waitForHealthy(port, restarted);
    const returning = await request(url)
      .post('/api/v1/widget/sessions')
      .send({ widgetKey, visitorId: session.visitorId, visitorToken: session.visitorToken })
      .expect(201);
    expect((returning.body as WidgetSessionDto).conversation.id).toBe(session.conversation.id);
    expect((returning.body as WidgetSessionDto).visitorId).toBe(session.visitorId);
    const clients = new RealtimeClients(url);
    try {
      await ready(clients.agent(login.accessToken));
      await ready(clients.visitor({ widgetKey, visitorToken: session.visitorToken }, null));
    } finally {
      clients.closeAll();
    }
    await request(url).get('/api/v1/users').set('authorization', `Bearer ${login.accessToken}`).expect(200);
  });

  it('should stop every process of the `npm start` tree on SIGTERM to npm, and release the data dir', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const npm = start({ DATA_DIR: dataDir, PORT: String(port) }, npmCli(), ['start']);
    await waitForHealthy(port, npm, 240_000);
    // npm, the service it runs, and the embedded worker the service spawned.
    const deadline = Date.now() + 120_000;
    while (descendantsOf(npm.pid).length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const tree = descendantsOf(npm.pid);
    expect(tree.length).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(path.join(dataDir, 'neodesk.lock'))).toBe(true);

    await npm.stop();
    const stopDeadline = Date.now() + 30_000;
    while (tree.some(isAlive) && Date.now() < stopDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(tree.filter(isAlive)).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'neodesk.lock'))).toBe(false);
    expect(npm.stdout).toContain('Received SIGTERM, shutting down');
    // .npmrc holds only settings npm knows: no warning on every run.
    expect(npm.stdout + npm.stderr).not.toContain('npm warn');
  }, 400_000);
});

/** npm's own CLI script, run with this Node like the other processes here. */
function npmCli(): string {
  return process.env.npm_execpath ?? fs.realpathSync(execSync('command -v npm', { encoding: 'utf8' }).trim());
}

/** Every process below `pid`, children first. */
function descendantsOf(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const [child, ppid] of rows) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
