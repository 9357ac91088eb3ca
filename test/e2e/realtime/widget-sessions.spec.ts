import type { NestExpressApplication } from '@nestjs/platform-express';
import type { WidgetSessionDto } from '@neodesk/contracts';
import request from 'supertest';
import { SignedTokens } from '../../../apps/conversation-service/src/auth/signed-tokens';
import { SITE_ORIGIN, type Tenant, loginAgent, newTenant, openSession } from '../../support/realtime-clients';
import { startTestApp } from '../../support/test-app';

describe('POST /api/v1/widget/sessions and POST /api/v1/auth/login', () => {
  let app: NestExpressApplication;
  let tenant: Tenant;

  beforeAll(async () => {
    app = await startTestApp(undefined, { SESSION_SECRET: 'widget sessions spec secret, 32+ characters' });
  });

  beforeEach(async () => {
    tenant = await newTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const post = (body: object, origin?: string): request.Test => {
    const test = request(app.getHttpServer()).post('/api/v1/widget/sessions').send(body);
    return origin === undefined ? test : test.set('origin', origin);
  };

  it('should create a visitor with a token and an open conversation for an allowed origin', async () => {
    const session = await openSession(app, tenant.workspace.widgetKey);
    expect(session.visitorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.expiresIn).toBeGreaterThan(0);
    expect(session.conversation).toMatchObject({
      workspaceId: tenant.workspace.id,
      visitorId: session.visitorId,
      status: 'bot',
      channel: 'web',
      lastSeq: 0,
    });
    expect(app.get(SignedTokens).verify('visitor', session.visitorToken)).toMatchObject({
      workspaceId: tenant.workspace.id,
      subject: session.visitorId,
    });
  });

  it('should give a returning visitor, proven by its token, the same visitor id and open conversation', async () => {
    const first = await openSession(app, tenant.workspace.widgetKey);
    const again = await post(
      { widgetKey: tenant.workspace.widgetKey, visitorId: first.visitorId, visitorToken: first.visitorToken },
      SITE_ORIGIN,
    ).expect(201);
    const second = again.body as WidgetSessionDto;
    expect(second.visitorId).toBe(first.visitorId);
    expect(second.conversation.id).toBe(first.conversation.id);
  });

  it('should refuse a visitorId without its token, so nobody can claim another visitor', async () => {
    const first = await openSession(app, tenant.workspace.widgetKey);
    const response = await post({ widgetKey: tenant.workspace.widgetKey, visitorId: first.visitorId }, SITE_ORIGIN)
      .expect(400)
      .expect('content-type', /application\/problem\+json/);
    expect(response.body.detail).toContain('visitorToken');
  });

  it('should refuse a token of another workspace or a forged one with 401 WIDGET_INVALID_VISITOR_TOKEN', async () => {
    const other = await newTenant(app);
    const foreign = await openSession(app, other.workspace.widgetKey);
    const tokens = [foreign.visitorToken, `${foreign.visitorToken.slice(0, -4)}AAAA`];
    for (const visitorToken of tokens) {
      const response = await post({ widgetKey: tenant.workspace.widgetKey, visitorToken }, SITE_ORIGIN).expect(401);
      expect(response.body).toMatchObject({ status: 401, code: 'WIDGET_INVALID_VISITOR_TOKEN' });
    }
  });

  it('should answer 401 WIDGET_UNKNOWN_KEY for a wrong widget key', async () => {
    const response = await post({ widgetKey: 'nd_pk_wrong' }, SITE_ORIGIN)
      .expect(401)
      .expect('content-type', /application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized', code: 'WIDGET_UNKNOWN_KEY' });
  });

  it('should answer 403 WIDGET_ORIGIN_NOT_ALLOWED for a page on another origin', async () => {
    const response = await post({ widgetKey: tenant.workspace.widgetKey }, 'https://evil.example.net').expect(403);
    expect(response.body).toMatchObject({ status: 403, code: 'WIDGET_ORIGIN_NOT_ALLOWED' });
  });

  it('should answer 400 problem+json for a malformed body', async () => {
    for (const body of [{}, { widgetKey: 42 }, { widgetKey: 'k', extra: true }]) {
      const response = await post(body, SITE_ORIGIN)
        .expect(400)
        .expect('content-type', /application\/problem\+json/);
      expect(response.body.status).toBe(400);
    }
  });

  it('should log an agent in with a token, and refuse a wrong password with 401', async () => {
    const login = await loginAgent(app, tenant.agentEmail);
    expect(login).toMatchObject({
      tokenType: 'Bearer',
      user: { workspaceId: tenant.workspace.id, email: tenant.agentEmail, role: 'agent' },
    });
    expect(app.get(SignedTokens).verify('agent', login.accessToken)?.subject).toBe(login.user.id);
    const refused = await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ email: tenant.agentEmail, password: 'not the password' })
      .expect(401);
    expect(refused.body).toMatchObject({ status: 401, code: 'AUTH_INVALID_CREDENTIALS' });
  });
});
