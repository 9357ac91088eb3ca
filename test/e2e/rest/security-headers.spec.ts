import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request, { type Response } from 'supertest';
import { type RestTenant, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

/** The directives of a Content-Security-Policy header, by name. */
function directives(response: Response): Map<string, string[]> {
  const header = response.headers['content-security-policy'] as string | undefined;
  expect(header).toBeDefined();
  return new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0] !== '')
      .map(([name, ...values]) => [name ?? '', values]),
  );
}

/** What every answer carries, whatever it is. */
function expectBaseline(response: Response): void {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['referrer-policy']).toBe('same-origin');
  expect(response.headers['x-powered-by']).toBeUndefined();
  const csp = directives(response);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('default-src')).toEqual(["'none'"]);
}

/** A page's policy: our own scripts only, never inline code or eval. */
function expectStrictScripts(response: Response): void {
  const csp = directives(response);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(response.headers['content-security-policy']).not.toContain('unsafe-eval');
}

describe('security headers (one helmet middleware ahead of every route)', () => {
  let widgetDir: string;
  let adminDir: string;
  let app: NestExpressApplication;
  let tenant: RestTenant;

  beforeAll(async () => {
    widgetDir = mkdtempSync(path.join(tmpdir(), 'neodesk-headers-widget-'));
    writeFileSync(path.join(widgetDir, 'widget.js'), 'window.__loader = 1;\n');
    writeFileSync(path.join(widgetDir, 'chat.abc123.js'), 'window.__chat = 1;\n');
    writeFileSync(
      path.join(widgetDir, 'manifest.json'),
      JSON.stringify({ loader: 'widget.js', chat: 'chat.abc123.js' }),
    );
    adminDir = mkdtempSync(path.join(tmpdir(), 'neodesk-headers-admin-'));
    mkdirSync(path.join(adminDir, 'assets'));
    writeFileSync(path.join(adminDir, 'index.html'), '<!doctype html><title>Dashboard</title>');
    writeFileSync(path.join(adminDir, 'assets', 'index-abc123.js'), 'console.log(1);\n');
    app = await startTestApp(undefined, { WIDGET_DIR: widgetDir, ADMIN_DIR: adminDir });
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
    rmSync(widgetDir, { recursive: true, force: true });
    rmSync(adminDir, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());

  it('should give the demo page a strict CSP, no framing and no inline code', async () => {
    const page = await http()
      .get('/')
      .expect(200)
      .expect('content-type', /text\/html/);
    expectBaseline(page);
    expectStrictScripts(page);
    const csp = directives(page);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
    expectBaseline(await http().get('/demo.css').expect(200));
  });

  it('should give /admin, its client routes, assets and 304s the dashboard policy', async () => {
    for (const url of ['/admin', '/admin/inbox/mine', '/admin/assets/index-abc123.js']) {
      const response = await http().get(url).expect(200);
      expectBaseline(response);
      expectStrictScripts(response);
      expect(directives(response).get('connect-src')).toEqual(["'self'", 'ws:', 'wss:']);
      expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
      const revalidated = await http().get(url).set('if-none-match', response.headers.etag).expect(304);
      expectBaseline(revalidated);
    }
  });

  it('should let other sites load the widget scripts (CORP cross-origin) but never frame them', async () => {
    for (const url of ['/widget.js', '/widget/chat.abc123.js']) {
      const response = await http().get(url).expect(200).expect('content-type', 'text/javascript; charset=utf-8');
      expectBaseline(response);
      expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    }
    const missing = await http().get('/widget/nothing.js').expect(404);
    expectBaseline(missing);
  });

  it('should put them on API answers, refusals and unknown routes too', async () => {
    const listed = await http().get('/api/v1/conversations').auth(tenant.keys.read, { type: 'bearer' }).expect(200);
    expectBaseline(listed);
    expect(listed.headers['cross-origin-resource-policy']).toBe('same-origin');
    expectBaseline(await http().get('/api/v1/conversations').expect(401));
    expectBaseline(
      await http().post('/api/v1/auth/login').set('content-type', 'text/plain').send('not json').expect(415),
    );
    expectBaseline(await http().get('/no/such/route').expect(404));
    expectBaseline(await http().get('/health/live').expect(200));
  });

  it('should give the API docs (Swagger UI) a policy that lets them run, still without framing', async () => {
    const docs = await http()
      .get('/api/docs/')
      .expect(200)
      .expect('content-type', /text\/html/);
    expectBaseline(docs);
    expectStrictScripts(docs);
    expectBaseline(await http().get('/api/docs-json').expect(200));
  });
});
