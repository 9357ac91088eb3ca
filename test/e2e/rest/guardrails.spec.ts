import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_GUARDRAIL_SETTINGS, GUARDRAIL_LIMITS, type GuardrailSettingsDto } from '@neodesk/contracts';
import request from 'supertest';
import { type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

describe('REST /api/v1/guardrails', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  let other: RestTenant;

  beforeAll(async () => {
    app = await startTestApp();
    other = await newRestTenant(app);
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const get = async (token = tenant.keys.read): Promise<GuardrailSettingsDto> =>
    (await http().get('/api/v1/guardrails').auth(token, { type: 'bearer' }).expect(200)).body as GuardrailSettingsDto;
  const patch = (body: unknown, token = tenant.keys.admin) =>
    http()
      .patch('/api/v1/guardrails')
      .auth(token, { type: 'bearer' })
      .send(body as object);

  it("should answer a new workspace's defaults, to agents too", async () => {
    const { updatedAt, ...settings } = await get();

    expect(settings).toEqual(DEFAULT_GUARDRAIL_SETTINGS);
    expect(updatedAt).toEqual(expect.any(String));
    expect(await get(tenant.agent.accessToken)).toMatchObject(DEFAULT_GUARDRAIL_SETTINGS);
  });

  it('should change only the settings sent, trimmed and lowercased where it says so, and keep them', async () => {
    const response = await patch({
      blockedTerms: ['  Competitor X ', 'cheap trick'],
      allowedLinkDomains: ['Help.Example.com'],
      maxReplyCharacters: 600,
      stopRepetition: false,
    }).expect(200);

    const expected = {
      ...DEFAULT_GUARDRAIL_SETTINGS,
      blockedTerms: ['Competitor X', 'cheap trick'],
      allowedLinkDomains: ['help.example.com'],
      maxReplyCharacters: 600,
      stopRepetition: false,
    };
    expect(response.body).toMatchObject(expected);
    expect(await get()).toMatchObject(expected);
    await patch({ safeFallbackMessage: 'A person will answer shortly.' }).expect(200);
    expect(await get()).toMatchObject({ ...expected, safeFallbackMessage: 'A person will answer shortly.' });
  });

  it('should refuse bad values with a 400 naming each field, and change nothing', async () => {
    const before = await get();
    const response = await patch({
      blockedTerms: ['ok', 'OK'],
      forbiddenPromises: ['no'],
      allowedLinkDomains: ['https://example.com/path'],
      maxReplyCharacters: GUARDRAIL_LIMITS.maxReplyCharacters.max + 1,
      minMeanTokenProbability: 1.5,
      safeFallbackMessage: '   ',
      stopRepetition: 'yes',
    }).expect(400);

    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/u);
    expect(fieldsOf(response.body)).toEqual([
      'body.allowedLinkDomains.0',
      'body.blockedTerms',
      'body.forbiddenPromises.0',
      'body.maxReplyCharacters',
      'body.minMeanTokenProbability',
      'body.safeFallbackMessage',
      'body.stopRepetition',
    ]);
    expect(fieldsOf((await patch({ unknownSetting: true }).expect(400)).body)).toContain('body');
    expect((await patch({}).expect(400)).body.status).toBe(400);
    expect(await get()).toEqual(before);
  });

  it('should let only admins change the settings, and keep workspaces apart', async () => {
    await patch({ stopRepetition: false }, tenant.keys.write).expect(403);
    await patch({ stopRepetition: false }, tenant.agent.accessToken).expect(403);
    await http().get('/api/v1/guardrails').expect(401);
    await http().patch('/api/v1/guardrails').send({ stopRepetition: false }).expect(401);

    await patch({ blockedTerms: ['only ours'] }, tenant.admin.accessToken).expect(200);

    expect((await get()).blockedTerms).toEqual(['only ours']);
    expect((await get(other.keys.read)).blockedTerms).toEqual([]);
  });

  it("should answer a conversation's decisions, and 404 for another workspace's conversation", async () => {
    const conversation = (
      await http()
        .post('/api/v1/conversations')
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ visitorId: 'guardrails' })
        .expect(201)
    ).body as { id: string };
    const route = `/api/v1/conversations/${conversation.id}/guardrail-decisions`;

    expect((await http().get(route).auth(tenant.keys.read, { type: 'bearer' }).expect(200)).body).toEqual({ data: [] });
    await http().get(route).auth(other.keys.read, { type: 'bearer' }).expect(404);
    await http().get(route).expect(401);
    await http()
      .get('/api/v1/conversations/not-a-uuid/guardrail-decisions')
      .auth(tenant.keys.read, { type: 'bearer' })
      .expect(400);
  });
});
