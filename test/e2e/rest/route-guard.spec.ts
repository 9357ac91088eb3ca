import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

interface Route {
  method: string;
  path: string;
}

/**
 * JsonBodyMiddleware is bound to every path and method; Express records it as a route layer. It answers
 * nothing itself (the request goes on to the real route or to the 404 handler), so it is not a route.
 */
const BODY_MIDDLEWARE_PATH = '/{*path}';

/** Every route the app serves, read from the Express router the app really runs (not from our own lists). */
function routesOf(app: NestExpressApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  return express.router.stack.flatMap((layer) =>
    layer.route === undefined || layer.route.path === BODY_MIDDLEWARE_PATH
      ? []
      : Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => ({ method: method.toUpperCase(), path: layer.route?.path ?? '' })),
  );
}

const key = (route: Route): string => `${route.method} ${route.path}`;

/** Deliberately public, each for a reason; anything else must refuse a caller without credentials. */
const PUBLIC_ROUTES = [
  'GET /health', // probes
  'GET /health/live',
  'POST /api/v1/widget/sessions', // the widget, gated by its widget key and the page origin
  'GET /api/v1/widget/config',
  'OPTIONS /api/v1/widget/{*path}', // CORS preflights of the widget's routes (no data)
  'GET /widget.js', // the widget's script files, loaded by customers' pages
  'GET /widget/:file',
  'GET /', // the demo page (DEMO_PAGE) and its style sheet
  'GET /demo.css',
  'GET /admin', // the agent dashboard's static files; the app itself asks for credentials
  'GET /admin/{*path}',
  'POST /api/v1/auth/login', // where credentials come from
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout', // ends the login of the refresh token it is given
  // The OpenAPI description and its UI (swagger-ui's files): documentation, no data.
  'GET /api/docs',
  'GET /api/docs/',
  'GET /api/docs/index.html',
  'GET /api/docs/LICENSE',
  'GET /api/docs/swagger-ui-init.js',
  'GET /api/docs/docs/swagger-ui-init.js',
  'GET /api/docs-json',
];

/**
 * Deliberately outside the API keys: open to loopback clients while METRICS_TOKEN is unset (as in this
 * app, which the tests reach over loopback), otherwise opened by that token alone (checked below with a
 * second app; metrics.spec.ts checks that other addresses are refused).
 */
const TOKEN_GUARDED_ROUTES = ['GET /metrics'];
const METRICS_TOKEN = 'route-guard-metrics-token';

describe('every route is guarded unless deliberately public', () => {
  let app: NestExpressApplication;
  let routes: Route[];

  beforeAll(async () => {
    app = await startTestApp();
    routes = routesOf(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const call = (route: Route) => {
    const path = route.path.replace(/:[A-Za-z]+/g, randomUUID());
    const test = request(app.getHttpServer())[
      route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'options'
    ](path);
    return ['POST', 'PATCH', 'PUT'].includes(route.method) ? test.send({}) : test;
  };

  it('should find the routes of the REST API in the router', () => {
    expect(routes.map(key)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/api-keys',
        'GET /api/v1/api-keys',
        'DELETE /api/v1/api-keys/:id',
        'GET /api/v1/conversations',
        'POST /api/v1/conversations',
        'GET /api/v1/conversations/:id',
        'PATCH /api/v1/conversations/:id',
        'DELETE /api/v1/conversations/:id',
        'GET /api/v1/conversations/:id/messages',
        'POST /api/v1/conversations/:id/messages',
        'GET /api/v1/bot-settings',
        'PATCH /api/v1/bot-settings',
        'POST /api/v1/bot-settings/preview',
        'GET /api/v1/users',
        'POST /api/v1/users',
        'GET /api/v1/users/:id',
        'PATCH /api/v1/users/:id',
        'DELETE /api/v1/users/:id',
        'GET /api/v1/workers',
        'GET /api/v1/models',
        'GET /api/v1/exports/training-data',
        'GET /api/v1/exports/transcripts',
        'GET /api/v1/conversations/:id/notes',
        'POST /api/v1/conversations/:id/notes',
        'GET /api/v1/canned-replies',
        'POST /api/v1/canned-replies',
        'PATCH /api/v1/canned-replies/:id',
        'DELETE /api/v1/canned-replies/:id',
        'GET /api/v1/inbox/counts',
        'GET /api/v1/inbox/previews',
        'GET /api/v1/inbox/teammates',
        ...PUBLIC_ROUTES,
        ...TOKEN_GUARDED_ROUTES,
      ]),
    );
  });

  const isGuarded = (route: Route): boolean =>
    !PUBLIC_ROUTES.includes(key(route)) && !TOKEN_GUARDED_ROUTES.includes(key(route));

  it('should answer 401 problem+json to an unauthenticated call on every route not in the public list', async () => {
    const guarded = routes.filter(isGuarded);
    const answers: string[] = [];
    for (const route of guarded) {
      const response = await call(route);
      answers.push(`${key(route)} -> ${response.status} ${String(response.body?.code)}`);
    }
    expect(answers).toEqual(guarded.map((route) => `${key(route)} -> 401 AUTH_MISSING_CREDENTIALS`));
  });

  it('should answer 401 on every guarded route for a revoked key and for a forged agent token', async () => {
    const tenant = await newRestTenant(app);
    const revoked = await app.get(ApiKeysService).create(tenant.workspace.id, null, { name: 'r', scopes: ['admin'] });
    await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
    const forged = `${tenant.admin.accessToken.slice(0, -4)}AAAA`;
    const guarded = routes.filter(isGuarded);
    for (const token of [revoked.key, forged]) {
      const answers: string[] = [];
      for (const route of guarded) {
        const response = await call(route).auth(token, { type: 'bearer' });
        answers.push(`${key(route)} -> ${response.status}`);
      }
      expect(answers).toEqual(guarded.map((route) => `${key(route)} -> 401`));
    }
  });

  it('should document every guarded operation with the bearer scheme, and every operation with problem answers', async () => {
    const doc = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { scheme: string }> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        operation,
      })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(12);
    for (const { route, operation } of operations) {
      const isPublic = PUBLIC_ROUTES.includes(route);
      const tokenGuarded = TOKEN_GUARDED_ROUTES.includes(route);
      expect({ route, secured: operation.security !== undefined }).toEqual({ route, secured: !isPublic });
      const problems = Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, response]) => ({
          status,
          problemJson: JSON.stringify(response).includes('application/problem+json'),
        }));
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((problem) => problem.problemJson)).toBe(true);
      if (tokenGuarded) {
        expect(problems.map((problem) => problem.status)).toEqual(expect.arrayContaining(['401', '429']));
      } else if (!isPublic) {
        expect(problems.map((problem) => problem.status)).toEqual(expect.arrayContaining(['401', '403', '429', '503']));
      }
      // Every documented route exists in the router.
      expect(routes.map(key)).toContain(route);
    }
  });

  it('should open the token-guarded routes without credentials only while their token is unset', async () => {
    for (const route of routes.filter((candidate) => TOKEN_GUARDED_ROUTES.includes(key(candidate)))) {
      expect(`${key(route)} -> ${(await call(route)).status}`).toBe(`${key(route)} -> 200`);
    }
    const guardedApp = await startTestApp(undefined, { METRICS_TOKEN });
    try {
      const tenant = await newRestTenant(guardedApp);
      const tokenRoutes = routesOf(guardedApp).filter((route) => TOKEN_GUARDED_ROUTES.includes(key(route)));
      expect(tokenRoutes.map(key).sort()).toEqual([...TOKEN_GUARDED_ROUTES].sort());
      const answers: string[] = [];
      for (const route of tokenRoutes) {
        const test = () => request(guardedApp.getHttpServer()).get(route.path);
        // API keys and agent tokens do not open them: only the configured token does.
        for (const token of [undefined, tenant.keys.admin, tenant.admin.accessToken, METRICS_TOKEN]) {
          const response = await (token === undefined ? test() : test().auth(token, { type: 'bearer' }));
          answers.push(`${key(route)} ${token === METRICS_TOKEN ? 'token' : 'other'} -> ${response.status}`);
        }
      }
      expect(answers).toEqual(
        tokenRoutes.flatMap((route) => [
          `${key(route)} other -> 401`,
          `${key(route)} other -> 401`,
          `${key(route)} other -> 401`,
          `${key(route)} token -> 200`,
        ]),
      );
    } finally {
      await guardedApp.close();
    }
  });

  it('should serve the OpenAPI UI and JSON without credentials', async () => {
    const ui = await request(app.getHttpServer()).get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger');
    const doc = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(doc.body.paths['/api/v1/conversations/{id}/messages'].post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
  });
});
