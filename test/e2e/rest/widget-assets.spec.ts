import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Repositories } from '@neodesk/persistence';
import request from 'supertest';
import { loadAppConfig } from '../../../apps/conversation-service/src/config/app-config';
import { startTestApp } from '../../support/test-app';

const LOADER = 'window.__neodeskLoader = 1;\n';
const CHAT = 'window.__neodeskChat = "é";\n';
const CHAT_NAME = 'chat.abc123.js';
// The build lists each locale's chat strings (but English) as `strings.<locale>`, fetched only when shown.
const STRINGS = 'window.Neodesk.__registerStrings("fr", {});\n';
const STRINGS_NAME = 'strings-fr.def456.js';

describe('the widget files, the demo page and its style sheet', () => {
  let dir: string;
  let app: NestExpressApplication;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'neodesk-widget-'));
    writeFileSync(path.join(dir, 'widget.js'), LOADER);
    writeFileSync(path.join(dir, CHAT_NAME), CHAT);
    writeFileSync(path.join(dir, STRINGS_NAME), STRINGS);
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ loader: 'widget.js', chat: CHAT_NAME, 'strings.fr': STRINGS_NAME }),
    );
    // Present in the folder but not in the manifest: never served.
    writeFileSync(path.join(dir, 'secret.txt'), 'not for you');
    app = await startTestApp(undefined, { WIDGET_DIR: dir });
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());

  it('should serve the loader with a strong ETag, a short cache, and 304 while unchanged', async () => {
    const response = await http()
      .get('/widget.js')
      .expect(200)
      .expect('content-type', 'text/javascript; charset=utf-8')
      .expect('cache-control', 'public, max-age=300')
      .expect('cross-origin-resource-policy', 'cross-origin');
    expect(response.text).toBe(LOADER);
    const etag = response.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(etag).toContain(createHash('sha256').update(LOADER).digest('base64url').slice(0, 20));
    const revalidated = await http().get('/widget.js').set('if-none-match', etag).expect(304);
    expect(revalidated.text ?? '').toBe('');
    expect(revalidated.headers.etag).toBe(etag);
    await http().get('/widget.js').set('if-none-match', '"something-else"').expect(200);
  });

  it('should serve the hashed chat bundle for a year, immutable, and nothing the manifest does not name', async () => {
    const response = await http()
      .get(`/widget/${CHAT_NAME}`)
      .expect(200)
      .expect('content-type', 'text/javascript; charset=utf-8')
      .expect('cache-control', 'public, max-age=31536000, immutable')
      .expect('cross-origin-resource-policy', 'cross-origin');
    expect(response.text).toBe(CHAT);
    for (const bad of [
      '/widget/secret.txt',
      '/widget/manifest.json',
      '/widget/widget.js',
      '/widget/..%2Fpackage.json',
      '/widget/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/widget/chat.other.js',
    ]) {
      const refused = await http().get(bad).expect(404);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.text).not.toContain('not for you');
    }
    await http().get('/widget/../package.json').expect(404);
  });

  it('should serve every other file the manifest names (the locale strings) the same way', async () => {
    const response = await http()
      .get(`/widget/${STRINGS_NAME}`)
      .expect(200)
      .expect('content-type', 'text/javascript; charset=utf-8')
      .expect('cache-control', 'public, max-age=31536000, immutable')
      .expect('cross-origin-resource-policy', 'cross-origin');
    expect(response.text).toBe(STRINGS);
    await http().get('/widget/strings-ar.def456.js').expect(404);
  });

  it('should serve the demo page with the default workspace widget, escaped, under a strict CSP', async () => {
    const oldest = await app.get(Repositories).workspaces.findOldest();
    expect(oldest).not.toBeNull();
    const response = await http()
      .get('/')
      .expect(200)
      .expect('content-type', /text\/html/);
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws: wss:");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.text).toContain(
      `<script src="/widget.js" data-widget-key="${oldest?.widgetKey ?? ''}" async></script>`,
    );
    expect(response.text).toContain('<a class="demo-banner__link" href="/admin">Open the admin dashboard</a>');
    expect(response.text).toContain('This is the Neodesk demo');
    // No inline script or style for the CSP to block.
    expect(response.text.match(/<script/g)).toHaveLength(1);
    expect(response.text).not.toMatch(/<style|style="/);
    const css = await http().get('/demo.css').expect(200).expect('content-type', 'text/css; charset=utf-8');
    expect(css.text).toContain('.product');
  });

  it("should read the widget from the repository's dist/widget by default, and show the demo page", () => {
    const repositoryRoot = path.resolve(__dirname, '../../..');
    expect(loadAppConfig({}).widget).toEqual({ dir: path.join(repositoryRoot, 'dist', 'widget'), demoPage: true });
    expect(loadAppConfig({ WIDGET_DIR: 'build/w', DEMO_PAGE: 'false' }).widget).toEqual({
      dir: path.resolve('build/w'),
      demoPage: false,
    });
    expect(() => loadAppConfig({ DEMO_PAGE: 'maybe' })).toThrow(/DEMO_PAGE/);
  });

  it('should answer 503 problem when the widget is not built, and 404 for / with DEMO_PAGE=false', async () => {
    const bare = await startTestApp(undefined, { WIDGET_DIR: path.join(dir, 'missing'), DEMO_PAGE: 'false' });
    try {
      for (const route of ['/widget.js', `/widget/${CHAT_NAME}`]) {
        const response = await request(bare.getHttpServer()).get(route).expect(503);
        expect(response.body).toMatchObject({ status: 503, code: 'WIDGET_NOT_BUILT' });
        expect(response.body.detail).toContain('npm run build');
      }
      await request(bare.getHttpServer()).get('/').expect(404);
      await request(bare.getHttpServer()).get('/demo.css').expect(404);
    } finally {
      await bare.close();
    }
  });
});
