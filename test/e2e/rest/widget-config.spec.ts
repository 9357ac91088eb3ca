import type { NestExpressApplication } from '@nestjs/platform-express';
import type { WidgetConfigDto, WidgetSessionDto } from '@neodesk/contracts';
import request from 'supertest';
import { WorkspacesService } from '../../../apps/conversation-service/src/workspaces/workspaces.service';
import { SITE_ORIGIN } from '../../support/realtime-clients';
import { type RestTenant, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

const EVIL_ORIGIN = 'https://evil.example.net';

describe('public GET /api/v1/widget/config and CORS of the widget routes', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;

  beforeAll(async () => {
    app = await startTestApp();
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
    await app.get(WorkspacesService).setAllowedOrigins(tenant.workspace.id, [SITE_ORIGIN]);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const config = (widgetKey: string, origin?: string) => {
    const test = http().get('/api/v1/widget/config').query({ widgetKey });
    return origin === undefined ? test : test.set('origin', origin);
  };

  it('should answer what the widget draws, from the widget and bot settings, cacheable and for this origin', async () => {
    await http()
      .patch('/api/v1/widget-settings')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ title: 'Ask us', color: '#0a7a3b', position: 'left', preChatForm: { name: 'required', email: 'off' } })
      .expect(200);
    await http()
      .patch('/api/v1/bot-settings')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ botName: 'Ada', greeting: 'Hello from Ada' })
      .expect(200);
    await http()
      .post('/api/v1/widget-settings/identity-secret')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .expect(201);
    const response = await config(tenant.workspace.widgetKey, SITE_ORIGIN)
      .expect(200)
      .expect('cache-control', 'public, max-age=60')
      .expect('access-control-allow-origin', SITE_ORIGIN);
    expect(response.headers.vary).toMatch(/origin/i);
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    expect(response.body as WidgetConfigDto).toEqual({
      title: 'Ask us',
      botName: 'Ada',
      greeting: 'Hello from Ada',
      color: '#0a7a3b',
      position: 'left',
      launcherLabel: 'Chat with us',
      locale: 'auto',
      preChatForm: { name: 'required', email: 'off' },
      identityVerification: true,
    });
    // Nothing secret in it.
    expect(JSON.stringify(response.body)).not.toMatch(/secret/i);
  });

  it("should answer a new workspace's defaults", async () => {
    const response = await config(tenant.workspace.widgetKey).expect(200);
    expect(response.body).toMatchObject({
      title: 'Chat with us',
      botName: 'Neo',
      color: '#1f6feb',
      position: 'right',
      identityVerification: false,
    });
    // No Origin (not a browser): nothing to allow.
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('should answer 404 problem for an unknown key, 403 for an origin not allowed, 400 without a key', async () => {
    const unknown = await config('nd_pk_nobody', SITE_ORIGIN)
      .expect(404)
      .expect('content-type', /application\/problem\+json/);
    expect(unknown.body).toMatchObject({ status: 404, code: 'WIDGET_NOT_FOUND' });
    for (const origin of [EVIL_ORIGIN, 'null', `${SITE_ORIGIN}.evil.io`]) {
      const refused = await config(tenant.workspace.widgetKey, origin).expect(403);
      expect(refused.body).toMatchObject({ status: 403, code: 'WIDGET_ORIGIN_NOT_ALLOWED' });
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect(refused.headers['cache-control'] ?? '').not.toMatch(/public/);
    }
    expect((await http().get('/api/v1/widget/config').expect(400)).body.errors).toEqual([
      expect.objectContaining({ field: 'query.widgetKey' }),
    ]);
    await config('k'.repeat(201)).expect(400);
  });

  it('should answer preflights of the widget routes for any origin, with the methods and headers allowed', async () => {
    for (const path of ['/api/v1/widget/sessions', '/api/v1/widget/config']) {
      const response = await http()
        .options(path)
        .set('origin', EVIL_ORIGIN)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type')
        .expect(204);
      expect(response.headers).toMatchObject({
        'access-control-allow-origin': EVIL_ORIGIN,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    }
    // Other routes get no CORS answer.
    const api = await http().options('/api/v1/conversations').set('origin', EVIL_ORIGIN);
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('should let an allowed page read a new session, and no other page', async () => {
    const allowed = await http()
      .post('/api/v1/widget/sessions')
      .set('origin', SITE_ORIGIN)
      .send({ widgetKey: tenant.workspace.widgetKey })
      .expect(201)
      .expect('access-control-allow-origin', SITE_ORIGIN);
    expect((allowed.body as WidgetSessionDto).conversation.workspaceId).toBe(tenant.workspace.id);
    const refused = await http()
      .post('/api/v1/widget/sessions')
      .set('origin', EVIL_ORIGIN)
      .send({ widgetKey: tenant.workspace.widgetKey })
      .expect(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('should let an allowed page read the refusal of a visitor token, so the widget can start anew', async () => {
    const opened = (
      await http()
        .post('/api/v1/widget/sessions')
        .set('origin', SITE_ORIGIN)
        .send({ widgetKey: tenant.workspace.widgetKey })
    ).body as WidgetSessionDto;
    const forged = await http()
      .post('/api/v1/widget/sessions')
      .set('origin', SITE_ORIGIN)
      .send({ widgetKey: tenant.workspace.widgetKey, visitorId: opened.visitorId, visitorToken: 'v1.forged.token' })
      .expect(401)
      .expect('access-control-allow-origin', SITE_ORIGIN);
    expect(forged.body).toMatchObject({ code: 'WIDGET_INVALID_VISITOR_TOKEN' });
    // The same refusal stays unreadable to a page the workspace does not allow (it gets the origin's 403).
    const other = await http()
      .post('/api/v1/widget/sessions')
      .set('origin', EVIL_ORIGIN)
      .send({ widgetKey: tenant.workspace.widgetKey, visitorId: opened.visitorId, visitorToken: 'v1.forged.token' })
      .expect(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
