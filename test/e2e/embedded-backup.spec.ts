import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoginResponseDto, MessageDto, MessagePageDto } from '@neodesk/contracts';
import { RealtimeClients, openSession, ready } from '../support/realtime-clients';
import { DIST, SERVICE_MAIN, ServiceProcess, exitWithin, freePort, waitForHealthy } from '../support/service-process';

const BACKUP_CLI = path.join(DIST, 'conversation-service/src/database/backup-cli.js');
const ADMIN_PASSWORD = 'backup spec admin password';
const VISITORS = 8;

interface Acked {
  conversationId: string;
  clientMessageId: string;
  seq: number;
}

describe('npm run backup / npm run restore of the embedded database', () => {
  const dirs: string[] = [];
  const running: ServiceProcess[] = [];

  function start(script: string, env: Record<string, string>, args: string[] = []): ServiceProcess {
    const child = new ServiceProcess(script, env, args);
    running.push(child);
    return child;
  }

  function newDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neodesk-backup-'));
    dirs.push(dir);
    return dir;
  }

  afterAll(async () => {
    await Promise.all(running.map((child) => child.stop()));
    dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
  });

  it('should restore a backup taken while visitors write, with every message acknowledged before it', async () => {
    const dataDir = newDir();
    const port = await freePort();
    const env = { EMBEDDED_WORKER: 'false', BOT_REPLY_WAIT_MS: '0', BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD };
    const service = start(SERVICE_MAIN, { ...env, DATA_DIR: dataDir, PORT: String(port) });
    await waitForHealthy(port, service);
    const widgetKey = /Widget key of the workspace[^:]*: (\S+)/.exec(service.stdout)?.[1] ?? '';
    const url = `http://127.0.0.1:${port}`;
    const sessions = await Promise.all(Array.from({ length: VISITORS }, () => openSession(url, widgetKey, null)));
    const clients = new RealtimeClients(url);
    const acked: Acked[] = [];
    let writing = true;
    let refused = 0;
    try {
      const visitors = sessions.map((session) =>
        clients.visitor({ widgetKey, visitorToken: session.visitorToken }, null),
      );
      await Promise.all(visitors.map(ready));
      const writers = visitors.map(async (visitor, v) => {
        const conversationId = sessions[v].conversation.id;
        for (let n = 1; writing; n++) {
          const clientMessageId = `backup-${v}-${n}`;
          const ack = await visitor.emitWithAck('message:send', { conversationId, clientMessageId, text: `Note ${n}` });
          if (ack.ok) {
            acked.push({ conversationId, clientMessageId, seq: ack.data.seq });
          } else {
            refused++;
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 3_000));

      const backupFile = path.join(newDir(), 'neodesk.tar.gz');
      const beforeBackup = [...acked];
      const backup = start(BACKUP_CLI, { DATA_DIR: dataDir }, ['backup', backupFile]);
      expect(await exitWithin(backup, 60_000)).toBe(0);
      const duringBackup = acked.length - beforeBackup.length;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      writing = false;
      await Promise.all(writers);
      process.stdout.write(
        `backup spec: ${beforeBackup.length} messages acknowledged before the backup, ${duringBackup} during it ` +
          `(${backup.stdout.trim()}), ${acked.length} in all, ${refused} refused\n`,
      );
      expect(backup.stdout).toMatch(/^Backed up .* bytes in \d+ ms \(online, from the running service\)\n$/);
      // Online: the service kept acknowledging messages while the copy was taken.
      expect(duringBackup).toBeGreaterThan(0);
      expect(beforeBackup.length).toBeGreaterThanOrEqual(VISITORS);
      expect(await service.stop()).toBe(0);

      const restoredDir = newDir();
      const restore = start(BACKUP_CLI, { DATA_DIR: restoredDir }, ['restore', backupFile]);
      expect(await exitWithin(restore, 60_000)).toBe(0);
      expect(restore.stdout).toMatch(/^Restored .* into .* in \d+ ms\n$/);

      const restoredPort = await freePort();
      const restored = start(SERVICE_MAIN, { ...env, DATA_DIR: restoredDir, PORT: String(restoredPort) });
      await waitForHealthy(restoredPort, restored);
      // The same workspace and admin: nothing bootstrapped again, no migration pending.
      expect(restored.stdout).not.toContain('Log in as the first admin');
      const stored = await customerMessages(
        `http://127.0.0.1:${restoredPort}`,
        sessions.map((s) => s.conversation.id),
      );
      const missing = beforeBackup.filter((message) => stored.get(message.clientMessageId) !== message.seq);
      expect(missing).toEqual([]);
      // Nothing after the backup's moment, and nothing twice.
      expect(stored.size).toBeLessThanOrEqual(beforeBackup.length + duringBackup);
      expect(await restored.stop()).toBe(0);
    } finally {
      writing = false;
      clients.closeAll();
    }
  }, 180_000);

  it('should refuse to restore over a database, and point a server at pg_dump', async () => {
    const dataDir = newDir();
    fs.mkdirSync(path.join(dataDir, 'pgdata'));
    fs.writeFileSync(path.join(dataDir, 'pgdata', 'PG_VERSION'), '17\n');
    const backupFile = path.join(newDir(), 'any.tar.gz');
    fs.writeFileSync(backupFile, 'not an archive');
    const restore = start(BACKUP_CLI, { DATA_DIR: dataDir }, ['restore', backupFile]);
    expect(await exitWithin(restore, 30_000)).toBe(1);
    expect(restore.stderr).toBe(
      `${dataDir} already holds a database: restore into an empty DATA_DIR (move the old one aside first)\n`,
    );

    const server = start(BACKUP_CLI, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/neodesk' }, [
      'backup',
      backupFile,
    ]);
    expect(await exitWithin(server, 30_000)).toBe(2);
    expect(server.stderr).toContain('pg_dump --format=custom');

    const garbage = start(BACKUP_CLI, { DATA_DIR: newDir() }, ['restore', backupFile]);
    expect(await exitWithin(garbage, 30_000)).toBe(1);
    expect(garbage.stderr).toMatch(/^Not a usable backup: /);
  });
});

/** Every customer message of the conversations, by client message id, with its sequence number. */
async function customerMessages(url: string, conversationIds: string[]): Promise<Map<string, number>> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@neodesk.local', password: ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as LoginResponseDto;
  const stored = new Map<string, number>();
  for (const id of conversationIds) {
    const messages: MessageDto[] = [];
    for (let afterSeq = 0; ;) {
      const page = await fetch(`${url}/api/v1/conversations/${id}/messages?afterSeq=${afterSeq}&limit=500`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(page.status).toBe(200);
      const { data } = (await page.json()) as MessagePageDto;
      messages.push(...data);
      if (data.length < 500) {
        break;
      }
      afterSeq = data[data.length - 1].seq;
    }
    // Sequence numbers without gaps.
    expect(messages.map((message) => message.seq)).toEqual(messages.map((_, i) => i + 1));
    for (const message of messages.filter((m) => m.author === 'customer' && m.clientMessageId !== null)) {
      expect(stored.has(message.clientMessageId ?? '')).toBe(false);
      stored.set(message.clientMessageId ?? '', message.seq);
    }
  }
  return stored;
}
