import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { startTestApp } from '../../support/test-app';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/admin/assets/index-abc123.js"></script></head></html>';
const SCRIPT = 'console.log("dashboard");\n';

describe('the agent dashboard files at /admin', () => {
  let dir: string;
  let app: NestExpressApplication;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'neodesk-admin-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), INDEX);
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dir, '.env'), 'SECRET=1');
    app = await startTestApp(undefined, { ADMIN_DIR: dir });
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());

  it('should answer index.html for the app and every route of it, uncached, under a strict CSP', async () => {
    for (const url of [
      '/admin',
      '/admin/',
      '/admin/inbox/mine',
      '/admin/inbox/all/6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44',
      '/admin/login?next=%2Finbox',
    ]) {
      const response = await http().get(url).expect(200).expect('content-type', 'text/html; charset=utf-8');
      expect(response.text).toBe(INDEX);
      expect(response.headers['cache-control']).toBe('no-cache');
      const csp = response.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self' ws: wss:");
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('should serve hashed assets as immutable, other files with revalidation, and 304 on a matching ETag', async () => {
    const asset = await http()
      .get('/admin/assets/index-abc123.js')
      .expect(200)
      .expect('content-type', 'text/javascript; charset=utf-8')
      .expect('cache-control', 'public, max-age=31536000, immutable');
    expect(asset.text).toBe(SCRIPT);
    await http().get('/admin/assets/index-abc123.js').set('if-none-match', asset.headers.etag).expect(304);
    await http()
      .get('/admin/favicon.svg')
      .expect(200)
      .expect('cache-control', 'no-cache')
      .expect('content-type', 'image/svg+xml');
  });

  it('should answer 404 problems for missing files instead of the page, and never serve dot files or paths outside', async () => {
    for (const url of [
      '/admin/assets/index-old.js',
      '/admin/missing.css',
      '/admin/.env',
      '/admin/%2e%2e/package.json',
    ]) {
      const response = await http().get(url);
      expect(`${url} ${response.status} ${response.headers['content-type']}`).toBe(
        `${url} 404 application/problem+json; charset=utf-8`,
      );
      expect(response.text).not.toContain('SECRET');
    }
    // A path that is not even well-formed percent-encoding.
    await http()
      .get('/admin/bad%E0%A4%A')
      .expect(400)
      .expect('content-type', 'application/problem+json; charset=utf-8');
  });

  it('should start without a build and answer 503 ADMIN_NOT_BUILT until one appears', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'neodesk-admin-empty-'));
    const bare = await startTestApp(undefined, { ADMIN_DIR: empty });
    try {
      const response = await request(bare.getHttpServer()).get('/admin/inbox/mine').expect(503);
      expect(response.body.code).toBe('ADMIN_NOT_BUILT');
      writeFileSync(path.join(empty, 'index.html'), INDEX);
      await request(bare.getHttpServer()).get('/admin/inbox/mine').expect(200);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
