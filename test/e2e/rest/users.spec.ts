import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RemovedUserDto, UserDto, UserListDto } from '@neodesk/contracts';
import request from 'supertest';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { AuthService } from '../../../apps/conversation-service/src/auth/auth.service';
import { ConversationsService } from '../../../apps/conversation-service/src/conversations/conversations.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { USER_PASSWORD, type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

describe('REST /api/v1/users', () => {
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
  const newUser = (role: 'admin' | 'agent' = 'agent') => ({
    email: `user-${randomUUID()}@example.com`,
    displayName: 'New person',
    password: 'a long enough password',
    role,
  });
  const create = async (body: object, token = tenant.keys.admin): Promise<UserDto> =>
    (await http().post('/api/v1/users').auth(token, { type: 'bearer' }).send(body).expect(201)).body as UserDto;
  const patch = (id: string, body: object, token = tenant.keys.admin) =>
    http().patch(`/api/v1/users/${id}`).auth(token, { type: 'bearer' }).send(body);
  const remove = (id: string, token = tenant.keys.admin) =>
    http().delete(`/api/v1/users/${id}`).auth(token, { type: 'bearer' });

  it("should list the workspace's users without any password or hash, and get one", async () => {
    const response = await http().get('/api/v1/users').auth(tenant.keys.admin, { type: 'bearer' }).expect(200);
    const list = response.body as UserListDto;
    expect(list.data.map((user) => user.id).sort()).toEqual([tenant.admin.user.id, tenant.agent.user.id].sort());
    expect(list.data.find((user) => user.id === tenant.agent.user.id)).toEqual({
      id: tenant.agent.user.id,
      workspaceId: tenant.workspace.id,
      email: tenant.agent.user.email,
      displayName: 'agent',
      role: 'agent',
      isActive: true,
      createdAt: expect.any(String),
    });
    expect(response.text).not.toMatch(/password|argon2/i);
    const one = await http()
      .get(`/api/v1/users/${tenant.agent.user.id}`)
      .auth(tenant.admin.accessToken, { type: 'bearer' })
      .expect(200);
    expect(one.body).toMatchObject({ id: tenant.agent.user.id, role: 'agent' });
  });

  it('should add a user who can then log in, and refuse a taken e-mail in any case', async () => {
    const body = newUser();
    const created = await create(body);
    expect(created).toMatchObject({ email: body.email, displayName: 'New person', role: 'agent', isActive: true });
    expect(JSON.stringify(created)).not.toContain(body.password);
    const login = await app.get(AuthService).login({ email: body.email, password: body.password });
    expect(login.user.id).toBe(created.id);

    const taken = await http()
      .post('/api/v1/users')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ ...body, email: body.email.toUpperCase() })
      .expect(409);
    expect(taken.body).toMatchObject({ status: 409, code: 'USER_EMAIL_TAKEN' });
    // E-mails are the login: one taken in another workspace is taken too.
    const elsewhere = await http()
      .post('/api/v1/users')
      .auth(other.keys.admin, { type: 'bearer' })
      .send({ ...body, email: body.email })
      .expect(409);
    expect(elsewhere.body.code).toBe('USER_EMAIL_TAKEN');
  });

  it('should answer 400 naming each bad field', async () => {
    const bad = await http()
      .post('/api/v1/users')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ email: 'not-an-email', displayName: '', password: 'short', role: 'owner', extra: 1 })
      .expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(bad.body)).toEqual(['body', 'body.displayName', 'body.email', 'body.password', 'body.role']);
    const empty = await patch(tenant.agent.user.id, {}).expect(400);
    expect(fieldsOf(empty.body)).toEqual(['body']);
    const wrongType = await patch(tenant.agent.user.id, { isActive: 'no' }).expect(400);
    expect(fieldsOf(wrongType.body)).toEqual(['body.isActive']);
    await http().get('/api/v1/users/not-a-uuid').auth(tenant.keys.admin, { type: 'bearer' }).expect(400);
  });

  it('should change name, role and password; a new password ends the old one and the logins', async () => {
    const updated = await patch(tenant.agent.user.id, { displayName: 'Grace', role: 'admin' }).expect(200);
    expect(updated.body).toMatchObject({ displayName: 'Grace', role: 'admin' });
    // Roles are read on every request: the agent's token now reaches admin routes.
    await http().get('/api/v1/users').auth(tenant.agent.accessToken, { type: 'bearer' }).expect(200);

    await patch(tenant.agent.user.id, { password: 'a brand new passphrase' }).expect(200);
    await expect(
      app.get(AuthService).login({ email: tenant.agent.user.email, password: USER_PASSWORD }),
    ).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    await expect(app.get(AuthService).refresh({ refreshToken: tenant.agent.refreshToken })).rejects.toMatchObject({
      code: 'AUTH_INVALID_REFRESH_TOKEN',
    });
    const again = await app
      .get(AuthService)
      .login({ email: tenant.agent.user.email, password: 'a brand new passphrase' });
    expect(again.user.id).toBe(tenant.agent.user.id);
  });

  it('should deactivate a user: login, access token and refresh token stop at once, and reactivate', async () => {
    const deactivated = await patch(tenant.agent.user.id, { isActive: false }).expect(200);
    expect(deactivated.body.isActive).toBe(false);
    const refused = await http()
      .get('/api/v1/conversations')
      .auth(tenant.agent.accessToken, { type: 'bearer' })
      .expect(401);
    expect(refused.body.code).toBe('AUTH_INVALID_TOKEN');
    await expect(app.get(AuthService).refresh({ refreshToken: tenant.agent.refreshToken })).rejects.toMatchObject({
      code: 'AUTH_INVALID_REFRESH_TOKEN',
    });
    await patch(tenant.agent.user.id, { isActive: true }).expect(200);
    await http().get('/api/v1/conversations').auth(tenant.agent.accessToken, { type: 'bearer' }).expect(200);
  });

  it('should keep the last active admin: no demotion, deactivation or removal', async () => {
    const adminId = tenant.admin.user.id;
    for (const body of [{ role: 'agent' }, { isActive: false }]) {
      const response = await patch(adminId, body, tenant.admin.accessToken).expect(409);
      expect(response.body).toMatchObject({ status: 409, code: 'USER_LAST_ADMIN' });
    }
    expect((await remove(adminId).expect(409)).body.code).toBe('USER_LAST_ADMIN');
    // An inactive admin does not count.
    const dormant = await create(newUser('admin'));
    await patch(dormant.id, { isActive: false }).expect(200);
    await patch(adminId, { role: 'agent' }).expect(409);
    // With a second active admin, the first may step down.
    await patch(dormant.id, { isActive: true }).expect(200);
    const demoted = await patch(adminId, { role: 'agent' }).expect(200);
    expect(demoted.body.role).toBe('agent');
    expect((await patch(dormant.id, { role: 'agent' }).expect(409)).body.code).toBe('USER_LAST_ADMIN');
  });

  it('should let exactly one of two admins demoting each other at once succeed', async () => {
    const second = await create(newUser('admin'));
    const statuses = await Promise.all([
      patch(tenant.admin.user.id, { role: 'agent' }).then((response) => response.status),
      patch(second.id, { role: 'agent' }).then((response) => response.status),
    ]);
    expect(statuses.sort()).toEqual([200, 409]);
    const admins = (
      (await http().get('/api/v1/users').auth(tenant.keys.admin, { type: 'bearer' })).body as UserListDto
    ).data.filter((user) => user.role === 'admin' && user.isActive);
    expect(admins).toHaveLength(1);
  });

  it('should delete a user nobody refers to, and deactivate one who wrote messages', async () => {
    const unused = await create(newUser());
    const deleted = (await remove(unused.id).expect(200)).body as RemovedUserDto;
    expect(deleted).toMatchObject({ outcome: 'deleted', user: { id: unused.id } });
    expect(
      (await http().get(`/api/v1/users/${unused.id}`).auth(tenant.keys.admin, { type: 'bearer' }).expect(404)).body
        .code,
    ).toBe('USER_NOT_FOUND');

    const conversation = await app
      .get(ConversationsService)
      .create(tenant.workspace.id, { visitorId: 'v-1', channel: 'api' });
    await app
      .get(ConversationsService)
      .changeStatus(tenant.workspace.id, conversation.id, { status: 'human', assignedAgentId: tenant.agent.user.id });
    await app.get(MessagesService).append(tenant.workspace.id, conversation.id, {
      author: 'agent',
      text: 'Hello, Grace here.',
      authorUserId: tenant.agent.user.id,
    });
    const kept = (await remove(tenant.agent.user.id).expect(200)).body as RemovedUserDto;
    expect(kept).toMatchObject({ outcome: 'deactivated', user: { id: tenant.agent.user.id, isActive: false } });
    const messages = await app.get(MessagesService).page(tenant.workspace.id, conversation.id, {});
    expect(messages.find((message) => message.author === 'agent')?.authorUserId).toBe(tenant.agent.user.id);
    await http().get('/api/v1/conversations').auth(tenant.agent.accessToken, { type: 'bearer' }).expect(401);
  });

  it("should keep workspaces apart: another workspace's users read as missing", async () => {
    const theirs = other.agent.user.id;
    const list = (await http().get('/api/v1/users').auth(tenant.keys.admin, { type: 'bearer' }).expect(200))
      .body as UserListDto;
    expect(list.data.map((user) => user.id)).not.toContain(theirs);
    await http().get(`/api/v1/users/${theirs}`).auth(tenant.keys.admin, { type: 'bearer' }).expect(404);
    await patch(theirs, { displayName: 'Hijacked' }).expect(404);
    await remove(theirs).expect(404);
    const still = await http().get(`/api/v1/users/${theirs}`).auth(other.keys.admin, { type: 'bearer' }).expect(200);
    expect(still.body).toMatchObject({ displayName: 'agent', isActive: true });
  });

  it('should refuse without credentials, with a revoked key, and without the admin scope', async () => {
    const revoked = await app.get(ApiKeysService).create(tenant.workspace.id, null, { name: 'r', scopes: ['admin'] });
    await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
    const id = tenant.agent.user.id;
    const calls = (token?: string) => {
      const withAuth = (test: request.Test) => (token === undefined ? test : test.auth(token, { type: 'bearer' }));
      return [
        withAuth(http().get('/api/v1/users')),
        withAuth(http().get(`/api/v1/users/${id}`)),
        withAuth(http().post('/api/v1/users').send(newUser())),
        withAuth(http().patch(`/api/v1/users/${id}`).send({ displayName: 'x' })),
        withAuth(http().delete(`/api/v1/users/${id}`)),
      ];
    };
    for (const response of await Promise.all(calls())) {
      expect(response.body).toMatchObject({ status: 401, code: 'AUTH_MISSING_CREDENTIALS' });
    }
    for (const response of await Promise.all(calls(revoked.key))) {
      expect(response.body).toMatchObject({ status: 401, code: 'AUTH_INVALID_API_KEY' });
    }
    for (const token of [tenant.keys.write, tenant.keys.read, tenant.agent.accessToken]) {
      for (const response of await Promise.all(calls(token))) {
        expect(response.body).toMatchObject({ status: 403, code: 'AUTH_INSUFFICIENT_SCOPE' });
      }
    }
    const list = (await http().get('/api/v1/users').auth(tenant.keys.admin, { type: 'bearer' })).body as UserListDto;
    expect(list.data).toHaveLength(2);
  });
});
