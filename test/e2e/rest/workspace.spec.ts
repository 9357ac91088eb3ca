import type { NestExpressApplication } from '@nestjs/platform-express';
import type { WorkspaceSettingsDto } from '@neodesk/contracts';
import request from 'supertest';
import { RealtimeClients, openSession, ready } from '../../support/realtime-clients';
import { type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

const PUBLIC_URL = 'https://chat.neodesk.example';

describe('REST /api/v1/workspace', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  let other: RestTenant;

  beforeAll(async () => {
    app = await startTestApp(undefined, { PUBLIC_URL });
    other = await newRestTenant(app);
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const patch = (body: unknown, token = tenant.keys.admin) =>
    http()
      .patch('/api/v1/workspace')
      .auth(token, { type: 'bearer' })
      .send(body as object);

  it("should show an admin the workspace's widget key and the script tag to paste", async () => {
    const response = await http().get('/api/v1/workspace').auth(tenant.admin.accessToken, { type: 'bearer' });
    expect(response.status).toBe(200);
    const workspace = response.body as WorkspaceSettingsDto;
    expect(workspace).toMatchObject({
      id: tenant.workspace.id,
      name: tenant.workspace.name,
      widgetKey: tenant.workspace.widgetKey,
      allowedOrigins: [],
    });
    expect(workspace.widgetSnippet).toBe(
      `<script src="${PUBLIC_URL}/widget.js" data-widget-key="${tenant.workspace.widgetKey}" async></script>`,
    );
    // Another admin sees their own workspace only.
    const theirs = await http().get('/api/v1/workspace').auth(other.keys.admin, { type: 'bearer' }).expect(200);
    expect((theirs.body as WorkspaceSettingsDto).id).toBe(other.workspace.id);
  });

  it('should refuse agents, read and write keys, and anonymous callers', async () => {
    for (const token of [tenant.agent.accessToken, tenant.keys.read, tenant.keys.write]) {
      await http().get('/api/v1/workspace').auth(token, { type: 'bearer' }).expect(403);
      await patch({ name: 'x' }, token).expect(403);
      await http().post('/api/v1/workspace/rotate-widget-key').auth(token, { type: 'bearer' }).expect(403);
    }
    await http().get('/api/v1/workspace').expect(401);
  });

  it('should store canonical origins, the wildcard form included, and the new name', async () => {
    const response = await patch({
      name: '  Alder & Finch  ',
      allowedOrigins: ['HTTPS://Shop.Example.com/', 'https://*.Example.org', 'https://shop.example.com:443'],
    }).expect(200);
    expect(response.body).toMatchObject({
      name: 'Alder & Finch',
      allowedOrigins: ['https://shop.example.com', 'https://*.example.org'],
    });
    // Only the fields sent change.
    const renamed = await patch({ name: 'Alder' }).expect(200);
    expect(renamed.body).toMatchObject({
      name: 'Alder',
      allowedOrigins: ['https://shop.example.com', 'https://*.example.org'],
    });
    await patch({ allowedOrigins: [] }).expect(200);
  });

  it.each([
    ['a path', { allowedOrigins: ['https://shop.example.com/chat'] }, ['body.allowedOrigins.0']],
    ['a bare host', { allowedOrigins: ['shop.example.com'] }, ['body.allowedOrigins.0']],
    [
      'a wildcard elsewhere',
      { allowedOrigins: ['https://ok.example', 'https://a.*.example.com'] },
      ['body.allowedOrigins.1'],
    ],
    ['a wildcard over a TLD', { allowedOrigins: ['https://*.com'] }, ['body.allowedOrigins.0']],
    ['another scheme', { allowedOrigins: ['ftp://shop.example.com'] }, ['body.allowedOrigins.0']],
    ['a string instead of a list', { allowedOrigins: 'https://shop.example.com' }, ['body.allowedOrigins']],
    [
      'too many origins',
      { allowedOrigins: Array.from({ length: 51 }, (_, i) => `https://s${i}.example.com`) },
      ['body.allowedOrigins'],
    ],
    ['an empty name', { name: '   ' }, ['body.name']],
    ['an unknown field', { widgetKey: 'mine' }, ['body']],
  ])('should answer 400 naming the field for %s, and change nothing', async (_case, body, fields) => {
    const response = await patch(body).expect(400);
    expect(fieldsOf(response.body)).toEqual(fields);
    const unchanged = await http().get('/api/v1/workspace').auth(tenant.keys.admin, { type: 'bearer' }).expect(200);
    expect(unchanged.body).toMatchObject({ name: tenant.workspace.name, allowedOrigins: [] });
  });

  it('should rotate the widget key: the old one is refused at once, the new one works', async () => {
    const before = await openSession(app, tenant.workspace.widgetKey, null);
    const response = await http()
      .post('/api/v1/workspace/rotate-widget-key')
      .auth(tenant.admin.accessToken, { type: 'bearer' })
      .expect(200);
    const rotated = response.body as WorkspaceSettingsDto;
    expect(rotated.widgetKey).toMatch(/^nd_pk_[A-Za-z0-9_-]{24}$/);
    expect(rotated.widgetKey).not.toBe(tenant.workspace.widgetKey);
    expect(rotated.widgetSnippet).toContain(`data-widget-key="${rotated.widgetKey}"`);
    const refused = await http().post('/api/v1/widget/sessions').send({ widgetKey: tenant.workspace.widgetKey });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.body).toMatchObject({ code: 'WIDGET_UNKNOWN_KEY' });
    // A returning visitor keeps its conversation under the new key.
    const returning = await http()
      .post('/api/v1/widget/sessions')
      .send({ widgetKey: rotated.widgetKey, visitorId: before.visitorId, visitorToken: before.visitorToken })
      .expect(201);
    expect(returning.body).toMatchObject({ conversation: { id: before.conversation.id } });
  });
});

describe('Allowed origins in production mode', () => {
  const LISTED = 'https://shop.example.com';
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  let tenant: RestTenant;

  beforeAll(async () => {
    app = await startTestApp(undefined, { NODE_ENV: 'production' });
    clients = new RealtimeClients(app);
    tenant = await newRestTenant(app);
    await request(app.getHttpServer())
      .patch('/api/v1/workspace')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ allowedOrigins: [LISTED, 'https://*.brand.example'] })
      .expect(200);
  });

  afterAll(async () => {
    clients.closeAll();
    await app.close();
  });

  const session = (origin: string) =>
    request(app.getHttpServer())
      .post('/api/v1/widget/sessions')
      .set('origin', origin)
      .send({ widgetKey: tenant.workspace.widgetKey });

  it('should open sessions for exactly the listed origins on the REST route', async () => {
    await session(LISTED).expect(201);
    await session('https://eu.brand.example').expect(201);
    for (const origin of [
      'https://brand.example',
      'https://evil.example.com',
      'http://shop.example.com',
      'https://shop.example.com.evil.io',
      'http://localhost:5173',
      'null',
    ]) {
      const refused = await session(origin);
      expect({ origin, status: refused.status, code: (refused.body as { code?: string }).code }).toEqual({
        origin,
        status: 403,
        code: 'WIDGET_ORIGIN_NOT_ALLOWED',
      });
    }
  });

  it('should accept exactly the listed origins on the /visitor socket', async () => {
    const opened = (await session(LISTED).expect(201)).body as { visitorToken: string };
    const auth = { widgetKey: tenant.workspace.widgetKey, visitorToken: opened.visitorToken };
    await ready(clients.visitor(auth, LISTED));
    await ready(clients.visitor(auth, 'https://eu.brand.example'));
    await expect(ready(clients.visitor(auth, 'https://evil.example.com'))).rejects.toThrow('ORIGIN_NOT_ALLOWED');
    await expect(ready(clients.visitor(auth, 'http://localhost:5173'))).rejects.toThrow('ORIGIN_NOT_ALLOWED');
  });

  it("should accept the service's own pages whatever the list says", async () => {
    const address = app.getHttpServer().address() as { port: number };
    await session(`http://127.0.0.1:${address.port}`).expect(201);
  });
});
