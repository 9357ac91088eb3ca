import { createHash } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiKeyListDto } from '@neodesk/contracts';
import { Repositories } from '@neodesk/persistence';
import request from 'supertest';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { type RestTenant, createKey, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

describe('REST /api/v1/api-keys and API key authentication', () => {
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
  const listKeys = async (token: string): Promise<ApiKeyListDto> =>
    (await http().get('/api/v1/api-keys').auth(token, { type: 'bearer' }).expect(200)).body as ApiKeyListDto;

  it('should show a new key once, store only its SHA-256, and let it call the API with its scopes', async () => {
    const created = await createKey(app, tenant.keys.admin, { name: 'Helpdesk', scopes: ['read'] });
    expect(created.key).toMatch(/^ndk_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: 'Helpdesk', scopes: ['read'], revokedAt: null, lastUsedAt: null });
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.key.length - created.prefix.length).toBeGreaterThan(30);

    const listed = (await listKeys(tenant.keys.admin)).data.find((key) => key.id === created.id);
    expect(listed).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const row = await app.get(Repositories).apiKeys.findByHash(createHash('sha256').update(created.key).digest('hex'));
    expect(row?.id).toBe(created.id);

    await http().get('/api/v1/conversations').auth(created.key, { type: 'bearer' }).expect(200);
    const refused = await http()
      .post('/api/v1/conversations')
      .auth(created.key, { type: 'bearer' })
      .send({ visitorId: 'v' })
      .expect(403);
    expect(refused.body).toMatchObject({ status: 403, code: 'AUTH_INSUFFICIENT_SCOPE' });
  });

  it('should stamp the last use, at most once a minute', async () => {
    const created = await createKey(app, tenant.keys.admin, { name: 'Stamped', scopes: ['read'] });
    await http().get('/api/v1/conversations').auth(created.key, { type: 'bearer' }).expect(200);
    const first = (await listKeys(tenant.keys.admin)).data.find((key) => key.id === created.id)?.lastUsedAt;
    expect(first).toEqual(expect.any(String));
    await http().get('/api/v1/conversations').auth(created.key, { type: 'bearer' }).expect(200);
    const second = (await listKeys(tenant.keys.admin)).data.find((key) => key.id === created.id)?.lastUsedAt;
    expect(second).toBe(first);
  });

  it('should answer 401 at once for a revoked key, and keep listing it as revoked', async () => {
    const created = await createKey(app, tenant.keys.admin, { name: 'Short-lived', scopes: ['write'] });
    await http().get('/api/v1/conversations').auth(created.key, { type: 'bearer' }).expect(200);
    await http().delete(`/api/v1/api-keys/${created.id}`).auth(tenant.keys.admin, { type: 'bearer' }).expect(204);
    const refused = await http().get('/api/v1/conversations').auth(created.key, { type: 'bearer' }).expect(401);
    expect(refused.body).toMatchObject({ status: 401, code: 'AUTH_INVALID_API_KEY' });
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    // Revoking again is harmless.
    await http().delete(`/api/v1/api-keys/${created.id}`).auth(tenant.keys.admin, { type: 'bearer' }).expect(204);
    const listed = (await listKeys(tenant.keys.admin)).data.find((key) => key.id === created.id);
    expect(listed?.revokedAt).toEqual(expect.any(String));
  });

  it('should answer 401 for an expired key, an unknown one and a malformed header', async () => {
    const created = await app.get(ApiKeysService).create(tenant.workspace.id, null, {
      name: 'Expiring',
      scopes: ['read'],
      expiresAt: new Date(Date.now() + 1000).toISOString(),
    });
    await http().get('/api/v1/conversations').auth(created.key, { type: 'bearer' }).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await http().get('/api/v1/conversations').auth(created.key, { type: 'bearer' }).expect(401);
    expect(expired.body.code).toBe('AUTH_INVALID_API_KEY');
    const unknown = `ndk_${'A'.repeat(43)}`;
    expect((await http().get('/api/v1/conversations').auth(unknown, { type: 'bearer' }).expect(401)).body.code).toBe(
      'AUTH_INVALID_API_KEY',
    );
    for (const header of ['Basic abc', 'Bearer', tenant.keys.read, 'Bearer not a token']) {
      const response = await http().get('/api/v1/conversations').set('Authorization', header).expect(401);
      expect(response.body.code).toMatch(/^AUTH_(MISSING_CREDENTIALS|INVALID_TOKEN)$/);
    }
  });

  it('should let only admins manage keys: admin keys and admin users, not agents or write keys', async () => {
    const byAdminUser = await createKey(app, tenant.admin.accessToken, { name: 'By admin', scopes: ['admin'] });
    expect(byAdminUser.createdByUserId).toBe(tenant.admin.user.id);
    for (const token of [tenant.agent.accessToken, tenant.keys.write, tenant.keys.read]) {
      const response = await http()
        .post('/api/v1/api-keys')
        .auth(token, { type: 'bearer' })
        .send({ name: 'x', scopes: ['read'] })
        .expect(403);
      expect(response.body.code).toBe('AUTH_INSUFFICIENT_SCOPE');
      await http().get('/api/v1/api-keys').auth(token, { type: 'bearer' }).expect(403);
      await http().delete(`/api/v1/api-keys/${byAdminUser.id}`).auth(token, { type: 'bearer' }).expect(403);
    }
  });

  it('should answer 400 for bad fields and 422 for an expiry in the past', async () => {
    const bad = await http()
      .post('/api/v1/api-keys')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ name: '', scopes: ['read', 'root'], expiresAt: 'soon' })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['body.expiresAt', 'body.name', 'body.scopes.1']);
    for (const scopes of [[], ['read', 'read']]) {
      const response = await http()
        .post('/api/v1/api-keys')
        .auth(tenant.keys.admin, { type: 'bearer' })
        .send({ name: 'x', scopes })
        .expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body.scopes' })]);
    }
    const past = await http()
      .post('/api/v1/api-keys')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ name: 'x', scopes: ['read'], expiresAt: '2001-01-01T00:00:00Z' })
      .expect(422);
    expect(past.body.code).toBe('API_KEY_INVALID_EXPIRY');
    await http().delete('/api/v1/api-keys/not-a-uuid').auth(tenant.keys.admin, { type: 'bearer' }).expect(400);
  });

  it("should keep workspaces apart: another workspace's key neither lists nor revokes this one's", async () => {
    const mine = await createKey(app, tenant.keys.admin, { name: 'Mine', scopes: ['read'] });
    const theirs = await listKeys(other.keys.admin);
    expect(theirs.data.map((key) => key.id)).not.toContain(mine.id);
    const response = await http()
      .delete(`/api/v1/api-keys/${mine.id}`)
      .auth(other.keys.admin, { type: 'bearer' })
      .expect(404);
    expect(response.body.code).toBe('API_KEY_NOT_FOUND');
    await http().get('/api/v1/conversations').auth(mine.key, { type: 'bearer' }).expect(200);
  });

  it('should refuse every key route without credentials and with a revoked admin key', async () => {
    const revoked = await createKey(app, tenant.keys.admin, { name: 'Revoked admin', scopes: ['admin'] });
    await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
    for (const call of [
      () => http().get('/api/v1/api-keys'),
      () =>
        http()
          .post('/api/v1/api-keys')
          .send({ name: 'x', scopes: ['read'] }),
      () => http().delete(`/api/v1/api-keys/${revoked.id}`),
    ]) {
      await call().expect(401);
      await call().auth(revoked.key, { type: 'bearer' }).expect(401);
    }
  });
});
