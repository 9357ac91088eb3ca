import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LoginResponseDto } from '@neodesk/contracts';
import request from 'supertest';
import { type RestTenant, USER_PASSWORD, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

describe('REST /api/v1/auth: login, rotating refresh tokens, agent tokens on the API', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const refresh = (refreshToken: string) => http().post('/api/v1/auth/refresh').send({ refreshToken });

  it('should log in with an access token and a refresh token that lets the agent use the API', async () => {
    const response = await http()
      .post('/api/v1/auth/login')
      .send({ email: tenant.agent.user.email, password: USER_PASSWORD })
      .expect(200);
    const login = response.body as LoginResponseDto;
    expect(login).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { role: 'agent' } });
    expect(login.refreshToken).toMatch(/^ndr_/);
    expect(login.refreshExpiresIn).toBeGreaterThan(login.expiresIn);
    await http().get('/api/v1/conversations').auth(login.accessToken, { type: 'bearer' }).expect(200);
    // An agent reads and writes; managing keys is for admins.
    await http().get('/api/v1/api-keys').auth(login.accessToken, { type: 'bearer' }).expect(403);
    await http().get('/api/v1/api-keys').auth(tenant.admin.accessToken, { type: 'bearer' }).expect(200);
  });

  it('should trade a refresh token once for new tokens, and revoke the whole login when a used one comes back', async () => {
    const first = await refresh(tenant.agent.refreshToken).expect(200);
    const second = first.body as LoginResponseDto;
    expect(second.refreshToken).not.toBe(tenant.agent.refreshToken);
    await http().get('/api/v1/conversations').auth(second.accessToken, { type: 'bearer' }).expect(200);

    const third = (await refresh(second.refreshToken).expect(200)).body as LoginResponseDto;
    // The first token again: someone kept a copy. Every token of this login stops working.
    const replay = await refresh(tenant.agent.refreshToken).expect(401);
    expect(replay.body).toMatchObject({ status: 401, code: 'AUTH_INVALID_REFRESH_TOKEN' });
    await refresh(third.refreshToken).expect(401);
  });

  it('should answer 401 for an unknown refresh token and 400 for a malformed body', async () => {
    await refresh('ndr_unknown').expect(401);
    const bad = await http().post('/api/v1/auth/refresh').send({ token: 'x' }).expect(400);
    expect(fieldsOf(bad.body)).toEqual(['body', 'body.refreshToken']);
    const login = await http().post('/api/v1/auth/login').send({ email: 'x' }).expect(400);
    expect(login.body.code).toBe('VALIDATION_FAILED');
  });

  it('should refuse a visitor token as an API credential', async () => {
    const visitor = await http()
      .post('/api/v1/widget/sessions')
      .send({ widgetKey: tenant.workspace.widgetKey })
      .expect(201);
    const asVisitor = await http()
      .get('/api/v1/conversations')
      .auth(visitor.body.visitorToken as string, { type: 'bearer' })
      .expect(401);
    expect(asVisitor.body.code).toBe('AUTH_INVALID_TOKEN');
  });

  it('should limit login attempts per address with 429 and Retry-After', async () => {
    const limited = await startTestApp(undefined, { RATE_LIMIT_LOGIN_PER_IP: '3' });
    try {
      const attempt = () =>
        request(limited.getHttpServer())
          .post('/api/v1/auth/login')
          .send({ email: 'who@example.com', password: 'guess' });
      for (let i = 0; i < 3; i++) {
        await attempt().expect(401);
      }
      const refused = await attempt()
        .expect(429)
        .expect('content-type', /application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Refresh shares the limit; the rest of the API does not.
      await request(limited.getHttpServer()).post('/api/v1/auth/refresh').send({ refreshToken: 'x' }).expect(429);
      await request(limited.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await limited.close();
    }
  });
});
