import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { RedisThrottlerStorage } from '../../../apps/conversation-service/src/rate-limit/redis-throttler.storage';
import { type RestTenant, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';
import { testRedisUrl } from '../../support/test-redis';

describe('REST body limits and rate limits', () => {
  describe('bodies', () => {
    let app: NestExpressApplication;
    let tenant: RestTenant;

    beforeAll(async () => {
      app = await startTestApp();
      tenant = await newRestTenant(app);
    });

    afterAll(async () => {
      await app.close();
    });

    const post = () =>
      request(app.getHttpServer()).post('/api/v1/conversations').auth(tenant.keys.write, { type: 'bearer' });

    it('should answer 413 problem+json for a JSON body over 64 KiB, on public routes too', async () => {
      const big = JSON.stringify({ visitorId: 'v', metadata: { blob: 'x'.repeat(65 * 1024) } });
      const response = await post()
        .set('content-type', 'application/json')
        .send(big)
        .expect(413)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ email: 'x'.repeat(70 * 1024), password: 'x' }))
        .expect(413);
    });

    it('should answer 415 for a body that is not JSON, and 400 for malformed JSON', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const response = await post().set('content-type', type).send('visitorId=v').expect(415);
        expect(response.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      }
      const malformed = await post().set('content-type', 'application/json').send('{"visitorId":').expect(400);
      expect(malformed.body).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
      // application/*+json is JSON too.
      await post().set('content-type', 'application/merge-patch+json').send('{"visitorId":"v"}').expect(201);
    });
  });

  describe('rate limits', () => {
    it('should limit each API key apart, with 429 problem+json and Retry-After', async () => {
      const app = await startTestApp(undefined, { RATE_LIMIT_PER_CALLER: '3', RATE_LIMIT_WINDOW_SECONDS: '30' });
      try {
        const tenant = await newRestTenant(app);
        const list = (token: string) =>
          request(app.getHttpServer()).get('/api/v1/conversations').auth(token, { type: 'bearer' });
        for (let i = 0; i < 3; i++) {
          await list(tenant.keys.read).expect(200);
        }
        const refused = await list(tenant.keys.read)
          .expect(429)
          .expect('content-type', /application\/problem\+json/);
        expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
        const retryAfter = Number(refused.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(30);
        // Another key of the same workspace has its own budget.
        await list(tenant.keys.write).expect(200);
      } finally {
        await app.close();
      }
    });

    it('should limit each client address across routes, counting calls with bad credentials too', async () => {
      const app = await startTestApp(undefined, { RATE_LIMIT_PER_IP: '4' });
      try {
        const tenant = await newRestTenant(app);
        await request(app.getHttpServer()).get('/health/live').expect(200);
        await request(app.getHttpServer())
          .get('/api/v1/conversations')
          .auth(tenant.keys.read, { type: 'bearer' })
          .expect(200);
        await request(app.getHttpServer())
          .get('/api/v1/api-keys')
          .auth(tenant.keys.admin, { type: 'bearer' })
          .expect(200);
        await request(app.getHttpServer()).get('/health/live').expect(200);
        const refused = await request(app.getHttpServer()).get('/health/live').expect(429);
        expect(refused.headers['retry-after']).toEqual(expect.any(String));
      } finally {
        await app.close();
      }
    });

    it('should share the counters of replicas through Redis when REDIS_URL is set', async () => {
      const env = { REDIS_URL: testRedisUrl(), RATE_LIMIT_PER_CALLER: '4' };
      const replicaA = await startTestApp(undefined, env);
      const replicaB = await startTestApp(undefined, env);
      try {
        // A fresh key per run: the counters live in Redis, outside this test's database.
        const tenant = await newRestTenant(replicaA);
        const list = (app: NestExpressApplication) =>
          request(app.getHttpServer()).get('/api/v1/conversations').auth(tenant.keys.read, { type: 'bearer' });
        await list(replicaA).expect(200);
        await list(replicaB).expect(200);
        await list(replicaA).expect(200);
        await list(replicaB).expect(200);
        await list(replicaA).expect(429);
        await list(replicaB).expect(429);
      } finally {
        await replicaA.close();
        await replicaB.close();
      }
    });

    it('should fail start-up, naming REDIS_URL, when the rate-limit Redis cannot be reached', async () => {
      const storage = new RedisThrottlerStorage('redis://127.0.0.1:1');
      await expect(storage.onModuleInit()).rejects.toThrow(
        /Cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(REDIS_URL\)/,
      );
      await storage.onApplicationShutdown();
    });
  });
});
