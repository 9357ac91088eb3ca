import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IdentitySecretDto, WidgetSettingsDto } from '@neodesk/contracts';
import { Repositories } from '@neodesk/persistence';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

const DEFAULTS = {
  title: 'Chat with us',
  color: '#1f6feb',
  position: 'right',
  launcherLabel: 'Chat with us',
  locale: 'auto',
  preChatForm: { name: 'off', email: 'off' },
  identitySecretSet: false,
};

describe('REST /api/v1/widget-settings', () => {
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
  const get = async (token = tenant.keys.read): Promise<WidgetSettingsDto> =>
    (await http().get('/api/v1/widget-settings').auth(token, { type: 'bearer' }).expect(200)).body as WidgetSettingsDto;
  const patch = (body: unknown, token = tenant.keys.admin) =>
    http()
      .patch('/api/v1/widget-settings')
      .auth(token, { type: 'bearer' })
      .send(body as object);
  const rotate = (token = tenant.keys.admin) =>
    http().post('/api/v1/widget-settings/identity-secret').auth(token, { type: 'bearer' });
  const storedSecret = async (workspaceId = tenant.workspace.id): Promise<string | null> =>
    (await app.get(Repositories).widgetSettings.findOrDefaults(workspaceId)).identitySecret;

  it("should answer a new workspace's defaults without writing a row", async () => {
    expect(await get()).toEqual({ ...DEFAULTS, updatedAt: expect.any(String) });
    const rows: unknown[] = await app
      .get(DataSource)
      .query('SELECT 1 FROM widget_settings WHERE workspace_id = $1', [tenant.workspace.id]);
    expect(rows).toHaveLength(0);
  });

  it('should change only the fields sent, trimmed, keep them, and move updatedAt', async () => {
    const before = await get();
    const response = await patch({
      title: '  Ask Ada ',
      color: '#0A7A3B',
      position: 'left',
      preChatForm: { name: 'optional', email: 'required' },
    }).expect(200);
    const after = response.body as WidgetSettingsDto;
    expect(after).toEqual({
      ...before,
      title: 'Ask Ada',
      color: '#0a7a3b',
      position: 'left',
      preChatForm: { name: 'optional', email: 'required' },
      updatedAt: expect.any(String),
    });
    expect(Date.parse(after.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    expect(await get()).toEqual(after);
    const again = (await patch({ locale: 'ar', launcherLabel: 'Help' }).expect(200)).body as WidgetSettingsDto;
    expect(again).toMatchObject({ title: 'Ask Ada', locale: 'ar', launcherLabel: 'Help', position: 'left' });
  });

  it('should answer 400 naming each bad field, and change nothing', async () => {
    await patch({ title: 'Kept' }).expect(200);
    const before = await get();
    const response = await patch({
      title: ' ',
      color: 'red',
      position: 'top',
      launcherLabel: 'l'.repeat(41),
      locale: 'de',
      preChatForm: { name: 'always', email: 'off' },
    }).expect(400);
    expect(response.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(fieldsOf(response.body)).toEqual([
      'body.color',
      'body.launcherLabel',
      'body.locale',
      'body.position',
      'body.preChatForm.name',
      'body.title',
    ]);
    for (const body of [
      { title: 't'.repeat(61) },
      { color: '#1f6feb80' },
      { preChatForm: { name: 'off' } },
      { identitySecret: 'mine' },
      { unknown: 1 },
      { title: 42 },
      null,
    ]) {
      expect((await patch(body).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
    expect(await get()).toEqual(before);
  });

  it('should create an identity secret shown once, replace it on rotation, and remove it', async () => {
    const first = (await rotate().expect(201)).body as IdentitySecretDto;
    expect(first.identitySecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first.identitySecret, 'base64url')).toHaveLength(32);
    expect(await storedSecret()).toBe(first.identitySecret);
    const settings = await get();
    expect(settings.identitySecretSet).toBe(true);
    expect(JSON.stringify(settings)).not.toContain(first.identitySecret);
    const second = (await rotate(tenant.admin.accessToken).expect(201)).body as IdentitySecretDto;
    expect(second.identitySecret).not.toBe(first.identitySecret);
    expect(await storedSecret()).toBe(second.identitySecret);
    // Other settings are untouched by the secret.
    expect(await get()).toEqual({ ...DEFAULTS, identitySecretSet: true, updatedAt: expect.any(String) });
    await http()
      .delete('/api/v1/widget-settings/identity-secret')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .expect(204);
    expect(await storedSecret()).toBeNull();
    expect((await get()).identitySecretSet).toBe(false);
    // Removing again is fine.
    await http()
      .delete('/api/v1/widget-settings/identity-secret')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .expect(204);
  });

  it("should keep workspaces apart: a change reaches only the caller's workspace", async () => {
    const theirs = await get(other.keys.read);
    await patch({ title: 'Mine only' }).expect(200);
    await rotate().expect(201);
    expect(await get(other.keys.read)).toEqual(theirs);
    expect(await storedSecret(other.workspace.id)).toBe(null);
  });

  it('should refuse without credentials and with a revoked key; reading needs read, changing admin', async () => {
    const revoked = await app.get(ApiKeysService).create(tenant.workspace.id, null, { name: 'r', scopes: ['admin'] });
    await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
    const unauthenticated = [
      http().get('/api/v1/widget-settings'),
      http().patch('/api/v1/widget-settings').send({}),
      http().post('/api/v1/widget-settings/identity-secret'),
      http().delete('/api/v1/widget-settings/identity-secret'),
    ];
    for (const response of await Promise.all(unauthenticated)) {
      expect(response.body).toMatchObject({ status: 401, code: 'AUTH_MISSING_CREDENTIALS' });
    }
    await http().get('/api/v1/widget-settings').auth(revoked.key, { type: 'bearer' }).expect(401);
    await get(tenant.agent.accessToken);
    for (const token of [tenant.keys.read, tenant.keys.write, tenant.agent.accessToken]) {
      expect((await patch({ title: 'Not allowed' }, token).expect(403)).body.code).toBe('AUTH_INSUFFICIENT_SCOPE');
      expect((await rotate(token).expect(403)).body.code).toBe('AUTH_INSUFFICIENT_SCOPE');
      await http().delete('/api/v1/widget-settings/identity-secret').auth(token, { type: 'bearer' }).expect(403);
    }
    expect(await storedSecret()).toBeNull();
    expect((await get()).title).toBe(DEFAULTS.title);
    await patch({ title: 'Allowed' }, tenant.admin.accessToken).expect(200);
  });
});
