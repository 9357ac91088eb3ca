import type { NestExpressApplication } from '@nestjs/platform-express';
import { type BotSettingsDto, DEFAULT_GENERATION_PARAMETERS, GENERATION_PARAMETER_LIMITS } from '@neodesk/contracts';
import request from 'supertest';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { baseUrl } from '../../support/realtime-clients';
import { type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN } from '../../support/worker-process';

describe('REST /api/v1/bot-settings', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  let other: RestTenant;

  beforeAll(async () => {
    app = await startTestApp(undefined, { WORKER_TOKEN: TEST_WORKER_TOKEN });
    other = await newRestTenant(app);
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const get = async (token = tenant.keys.read): Promise<BotSettingsDto> =>
    (await http().get('/api/v1/bot-settings').auth(token, { type: 'bearer' }).expect(200)).body as BotSettingsDto;
  const patch = (body: unknown, token = tenant.keys.admin) =>
    http()
      .patch('/api/v1/bot-settings')
      .auth(token, { type: 'bearer' })
      .send(body as object);

  it("should answer a new workspace's defaults", async () => {
    const settings = await get();
    expect(settings).toMatchObject({ botName: 'Neo', ...DEFAULT_GENERATION_PARAMETERS });
    expect(settings.persona.length).toBeGreaterThan(0);
    expect(settings.handoffPhrases).toContain('talk to a human');
    expect(settings.updatedAt).toEqual(expect.any(String));
  });

  it('should change only the fields sent, trimmed, and keep them', async () => {
    const before = await get();
    const response = await patch({
      botName: '  Ada ',
      temperature: 0.7,
      topK: 40,
      topP: 0.9,
      handoffPhrases: ['talk to a human', ' Real person '],
    }).expect(200);
    const after = response.body as BotSettingsDto;
    expect(after).toEqual({
      ...before,
      botName: 'Ada',
      temperature: 0.7,
      topK: 40,
      topP: 0.9,
      handoffPhrases: ['talk to a human', 'Real person'],
      updatedAt: expect.any(String),
    });
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect(await get()).toEqual(after);
    // An empty persona means none.
    expect(((await patch({ persona: '' }).expect(200)).body as BotSettingsDto).persona).toBe('');
  });

  it('should accept every generation parameter at both ends of its range', async () => {
    const lowest = Object.fromEntries(Object.entries(GENERATION_PARAMETER_LIMITS).map(([k, { min }]) => [k, min]));
    const highest = Object.fromEntries(Object.entries(GENERATION_PARAMETER_LIMITS).map(([k, { max }]) => [k, max]));
    expect((await patch(lowest).expect(200)).body).toMatchObject(lowest);
    expect((await patch(highest).expect(200)).body).toMatchObject(highest);
  });

  it('should answer 400 naming each field out of its range, and change nothing', async () => {
    const before = await get();
    const below = Object.fromEntries(
      Object.entries(GENERATION_PARAMETER_LIMITS).map(([k, { min }]) => [k, min - (k === 'topP' ? 0.005 : 1)]),
    );
    const above = Object.fromEntries(
      Object.entries(GENERATION_PARAMETER_LIMITS).map(([k, { max }]) => [k, max + (k === 'topP' ? 0.005 : 1)]),
    );
    const fields = Object.keys(GENERATION_PARAMETER_LIMITS)
      .map((name) => `body.${name}`)
      .sort();
    for (const body of [below, above]) {
      const response = await patch(body).expect(400);
      expect(response.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(fieldsOf(response.body)).toEqual(fields);
    }
    const texts = await patch({
      botName: ' ',
      persona: 'p'.repeat(2001),
      greeting: '',
      fallbackMessage: 'f'.repeat(1001),
      maxNewTokens: 10.5,
      temperature: '0.7',
    }).expect(400);
    expect(fieldsOf(texts.body)).toEqual([
      'body.botName',
      'body.fallbackMessage',
      'body.greeting',
      'body.maxNewTokens',
      'body.persona',
      'body.temperature',
    ]);
    const phrases = [
      { handoffPhrases: Array.from({ length: 51 }, (_, i) => `phrase ${i}`) },
      { handoffPhrases: ['human please', 'HUMAN PLEASE'] },
      { handoffPhrases: ['x'] },
      { handoffPhrases: ['bad\u0000phrase'] },
      { handoffPhrases: 'talk to a human' },
    ];
    for (const body of phrases) {
      const response = await patch(body).expect(400);
      expect(fieldsOf(response.body)[0]).toMatch(/^body\.handoffPhrases/);
    }
    for (const body of [{}, { unknown: 1 }, null]) {
      expect((await patch(body).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
    expect(await get()).toEqual(before);
  });

  it('should give the next bot reply the new settings', async () => {
    await patch({ persona: 'You are Ada.', temperature: 0.5, maxNewTokens: 33 }).expect(200);
    const worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    try {
      await worker.register('settings');
      const job = worker.nextJob();
      const conversation = await http()
        .post('/api/v1/conversations')
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ visitorId: 'v' })
        .expect(201);
      await http()
        .post(`/api/v1/conversations/${conversation.body.id}/messages`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ author: 'customer', text: 'Hello?' })
        .expect(201);
      expect(await job).toMatchObject({ persona: 'You are Ada.', params: { temperature: 0.5, maxNewTokens: 33 } });
    } finally {
      worker.close();
    }
  });

  it("should keep workspaces apart: a change reaches only the caller's workspace", async () => {
    const theirs = await get(other.keys.read);
    await patch({ botName: 'Mine only', greeting: 'Hello from us' }).expect(200);
    expect(await get(other.keys.read)).toEqual(theirs);
    expect((await get()).botName).toBe('Mine only');
  });

  it('should refuse without credentials and with a revoked key; reading needs read, changing admin', async () => {
    const revoked = await app.get(ApiKeysService).create(tenant.workspace.id, null, { name: 'r', scopes: ['admin'] });
    await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
    const unauthenticated = [http().get('/api/v1/bot-settings'), http().patch('/api/v1/bot-settings').send({})];
    for (const response of await Promise.all(unauthenticated)) {
      expect(response.body).toMatchObject({ status: 401, code: 'AUTH_MISSING_CREDENTIALS' });
    }
    await http().get('/api/v1/bot-settings').auth(revoked.key, { type: 'bearer' }).expect(401);
    await patch({ botName: 'x' }, revoked.key).expect(401);
    await get(tenant.agent.accessToken);
    for (const token of [tenant.keys.read, tenant.keys.write, tenant.agent.accessToken]) {
      expect((await patch({ botName: 'Not allowed' }, token).expect(403)).body.code).toBe('AUTH_INSUFFICIENT_SCOPE');
    }
    await patch({ botName: 'Allowed' }, tenant.admin.accessToken).expect(200);
  });
});
