import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ConfigError } from '@neodesk/config';
import { loadAppConfig } from '../../../apps/conversation-service/src/config/app-config';
import { baseUrl } from '../../support/realtime-clients';
import { type RestTenant, newRestTenant } from '../../support/rest-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN } from '../../support/worker-process';

/** The value of one series in Prometheus text, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) {
      continue;
    }
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) {
      return Number(match[3]);
    }
  }
  return 0;
}

/** An address of this machine that is not loopback: what a client on the network reaches. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;
}

async function eventually(check: () => Promise<void>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

describe('GET /metrics', () => {
  describe('without METRICS_TOKEN', () => {
    let app: NestExpressApplication;
    let tenant: RestTenant;

    beforeAll(async () => {
      app = await startTestApp(undefined, { WORKER_TOKEN: TEST_WORKER_TOKEN, BOT_REPLY_WAIT_MS: '300' });
      tenant = await newRestTenant(app);
    });

    afterAll(async () => {
      await app.close();
    });

    const http = () => request(app.getHttpServer());
    const scrape = async (): Promise<string> => {
      const response = await http().get('/metrics').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; (charset=utf-8; )?version=0\.0\.4/);
      return response.text;
    };
    const openConversation = async (): Promise<string> =>
      (
        await http()
          .post('/api/v1/conversations')
          .auth(tenant.keys.write, { type: 'bearer' })
          .send({ visitorId: 'metrics' })
          .expect(201)
      ).body.id as string;
    const postCustomer = (conversationId: string, text: string) =>
      http()
        .post(`/api/v1/conversations/${conversationId}/messages`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ author: 'customer', text });

    it('should be public, in the Prometheus text format, with the process figures', async () => {
      const text = await scrape();
      expect(text).toContain('# TYPE neodesk_http_request_duration_seconds histogram');
      expect(text).toContain('# TYPE process_cpu_seconds_total counter');
    });

    it('should time requests by method, route template and status, refused ones included', async () => {
      const missing = '/api/v1/conversations/6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44';
      await http().get(missing).auth(tenant.keys.read, { type: 'bearer' }).expect(404);
      await http().get(missing).expect(401);
      await http().get('/no/such/route').expect(404);
      await http()
        .post('/api/v1/conversations')
        .auth(tenant.keys.write, { type: 'bearer' })
        .set('Content-Type', 'text/plain')
        .send('hello')
        .expect(415);
      const text = await scrape();
      const count = (labels: Record<string, string>) =>
        sample(text, 'neodesk_http_request_duration_seconds_count', labels);
      const route = '/api/v1/conversations/:id';
      expect(count({ method: 'GET', route, status: '404' })).toBeGreaterThanOrEqual(1);
      expect(count({ method: 'GET', route, status: '401' })).toBeGreaterThanOrEqual(1);
      expect(count({ method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
      expect(count({ method: 'POST', status: '415' })).toBeGreaterThanOrEqual(1);
      // Never a raw path with an id in it.
      expect(text).not.toContain('6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44');
    });

    it('should count stored messages by author and bot replies by outcome, with their timings', async () => {
      const before = await scrape();
      const worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
      try {
        await worker.register('metrics');
        const job = worker.nextJob();
        const conversation = await openConversation();
        await postCustomer(conversation, 'Where is my order?').expect(201);
        worker.done(await job, 'It ships today.');
        await eventually(async () => {
          const after = await scrape();
          expect(sample(after, 'neodesk_bot_replies_total', { outcome: 'completed' })).toBe(
            sample(before, 'neodesk_bot_replies_total', { outcome: 'completed' }) + 1,
          );
        });
      } finally {
        worker.close();
      }
      const after = await scrape();
      const delta = (name: string, labels: Record<string, string> = {}) =>
        sample(after, name, labels) - sample(before, name, labels);
      expect(delta('neodesk_messages_created_total', { author: 'customer' })).toBe(1);
      expect(delta('neodesk_messages_created_total', { author: 'bot' })).toBe(1);
      expect(delta('neodesk_bot_reply_time_to_first_token_seconds_count')).toBe(1);
      expect(delta('neodesk_bot_reply_duration_seconds_count')).toBe(1);
      // The scripted worker reports 1 ms to the first token and 5 ms in all.
      expect(delta('neodesk_bot_reply_time_to_first_token_seconds_bucket', { le: '0.05' })).toBe(1);

      // No worker now: the reply fails after BOT_REPLY_WAIT_MS and the fallback is a system message.
      await eventually(async () =>
        expect((await http().get('/api/v1/workers').auth(tenant.keys.read, { type: 'bearer' })).body.data).toEqual([]),
      );
      const conversation = await openConversation();
      await postCustomer(conversation, 'Anyone there?').expect(201);
      await eventually(async () => {
        const failed = await scrape();
        expect(sample(failed, 'neodesk_bot_replies_total', { outcome: 'failed' })).toBe(
          sample(before, 'neodesk_bot_replies_total', { outcome: 'failed' }) + 1,
        );
        expect(sample(failed, 'neodesk_messages_created_total', { author: 'system' })).toBe(
          sample(before, 'neodesk_messages_created_total', { author: 'system' }) + 1,
        );
      });
    });

    it('should report conversations by status as the database has them', async () => {
      await openConversation();
      await eventually(async () => {
        const text = await scrape();
        const rows = await app
          .get(DataSource)
          .query<Array<{ status: string; count: number }>>(
            `SELECT status, count(*)::int AS count FROM conversations GROUP BY status`,
          );
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          expect([row.status, sample(text, 'neodesk_conversations', { status: row.status })]).toEqual([
            row.status,
            row.count,
          ]);
        }
      });
    });

    it('should report the load and tokens of the workers connected to this replica, from their heartbeats', async () => {
      const worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
      try {
        const workerId = await worker.register('heartbeat-host');
        worker.socket.emit('worker:heartbeat', {
          running: 2,
          waiting: 7,
          tokensGenerated: 4096,
          timeToFirstTokenP50Ms: 30,
          interTokenP50Ms: 9,
          meanBatchSize: 1.5,
        });
        const labels = { worker_id: workerId, host: 'heartbeat-host', model_id: 'scripted-model', model_version: 'v1' };
        await eventually(async () => {
          const text = await scrape();
          expect([
            sample(text, 'neodesk_worker_running_replies', labels),
            sample(text, 'neodesk_worker_waiting_replies', labels),
            sample(text, 'neodesk_worker_tokens_generated_total', labels),
          ]).toEqual([2, 7, 4096]);
        });
        worker.close();
        await eventually(async () => expect(await scrape()).not.toContain(workerId));
      } finally {
        worker.close();
      }
    });
  });

  describe('with METRICS_TOKEN', () => {
    const token = 'metrics-token-for-the-spec-16+';
    let app: NestExpressApplication;
    let tenant: RestTenant;

    beforeAll(async () => {
      app = await startTestApp(undefined, { METRICS_TOKEN: token });
      tenant = await newRestTenant(app);
    });

    afterAll(async () => {
      await app.close();
    });

    const http = () => request(app.getHttpServer());

    it('should answer only the configured token, compared as a whole', async () => {
      const missing = await http().get('/metrics').expect(401);
      expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(missing.body).toMatchObject({ status: 401, code: 'AUTH_MISSING_CREDENTIALS' });
      for (const wrong of [`${token}x`, token.slice(0, -1), tenant.keys.admin, tenant.admin.accessToken]) {
        const response = await http().get('/metrics').auth(wrong, { type: 'bearer' }).expect(401);
        expect(response.body.code).toBe('AUTH_INVALID_TOKEN');
      }
      const ok = await http().get('/metrics').auth(token, { type: 'bearer' }).expect(200);
      expect(ok.text).toContain('neodesk_http_request_duration_seconds');
    });

    it('should refuse a METRICS_TOKEN that is short or could not be sent as a bearer token, at start-up', () => {
      expect(() => loadAppConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
      expect(() => loadAppConfig({ METRICS_TOKEN: 'sixteen characters or more' })).toThrow(ConfigError);
    });
  });

  describe('who may read it', () => {
    let app: NestExpressApplication;
    let tenants: RestTenant[];

    beforeAll(async () => {
      // On every interface, as HOST=0.0.0.0 would: loopback alone must not be what keeps it private.
      app = await startTestApp(undefined, {}, '0.0.0.0');
      tenants = [await newRestTenant(app), await newRestTenant(app)];
    });

    afterAll(async () => {
      await app.close();
    });

    const port = () => (app.getHttpServer().address() as AddressInfo).port;

    it('should answer without METRICS_TOKEN only a client on this host connecting directly', async () => {
      await request(`http://127.0.0.1:${port()}`).get('/metrics').expect(200);
      const external = externalAddress();
      expect(external).toBeDefined();
      const fromNetwork = request(`http://${external ?? ''}:${port()}`);
      const refused = await fromNetwork.get('/metrics').expect(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 403, code: 'METRICS_LOOPBACK_ONLY' });
      expect(refused.text).not.toContain('neodesk_');
      // A workspace's credentials open nothing here.
      for (const credential of [tenants[0]?.keys.admin, tenants[0]?.admin.accessToken]) {
        await fromNetwork
          .get('/metrics')
          .auth(credential ?? '', { type: 'bearer' })
          .expect(403);
      }
      // Through a proxy on this host (it says so): not direct, refused.
      for (const [name, value] of [
        ['X-Forwarded-For', '203.0.113.9'],
        ['Forwarded', 'for=203.0.113.9'],
        ['X-Real-IP', '203.0.113.9'],
      ] as const) {
        await request(`http://127.0.0.1:${port()}`).get('/metrics').set(name, value).expect(403);
      }
    });

    it('should refuse even loopback without a token when a proxy is declared (TRUST_PROXY_HOPS)', async () => {
      const proxied = await startTestApp(undefined, { TRUST_PROXY_HOPS: '1' });
      try {
        const refused = await request(proxied.getHttpServer()).get('/metrics').expect(403);
        expect(refused.body.code).toBe('METRICS_LOOPBACK_ONLY');
      } finally {
        await proxied.close();
      }
    });

    it("should show installation totals only, never a workspace's id, name, key or label", async () => {
      for (const tenant of tenants) {
        await request(app.getHttpServer())
          .post('/api/v1/conversations')
          .auth(tenant.keys.write, { type: 'bearer' })
          .send({ visitorId: 'metrics-tenant' })
          .expect(201);
      }
      const text = (await request(`http://127.0.0.1:${port()}`).get('/metrics').expect(200)).text;
      expect(sample(text, 'neodesk_conversations', { status: 'bot' })).toBeGreaterThanOrEqual(2);
      for (const tenant of tenants) {
        expect(text).not.toContain(tenant.workspace.id);
        expect(text).not.toContain(tenant.workspace.name);
        expect(text).not.toContain(tenant.workspace.widgetKey);
      }
      const labelNames = new Set(
        [...text.matchAll(/^[a-zA-Z_:][a-zA-Z0-9_:]*\{(.*)\} /gm)].flatMap((line) =>
          [...(line[1] ?? '').matchAll(/([a-zA-Z_]+)="/g)].map((pair) => pair[1]),
        ),
      );
      expect(labelNames.size).toBeGreaterThan(0);
      expect([...labelNames].filter((name) => /workspace|tenant|user|visitor|conversation/i.test(name ?? ''))).toEqual(
        [],
      );
    });
  });
});
