import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiKeyScope, CreatedApiKeyDto, LoginResponseDto } from '@neodesk/contracts';
import request from 'supertest';
import { ApiKeysService } from '../../apps/conversation-service/src/api-keys/api-keys.service';
import { AuthService } from '../../apps/conversation-service/src/auth/auth.service';
import { UsersService } from '../../apps/conversation-service/src/users/users.service';
import {
  WorkspacesService,
  type WorkspaceView,
} from '../../apps/conversation-service/src/workspaces/workspaces.service';
import { registerTestSecrets } from './test-logs';

export const USER_PASSWORD = 'rest user password 123';
registerTestSecrets(USER_PASSWORD);

/** A fresh workspace with an admin and an agent (logged in) and API keys of each scope. */
export interface RestTenant {
  workspace: WorkspaceView;
  admin: LoginResponseDto;
  agent: LoginResponseDto;
  keys: Record<ApiKeyScope, string>;
}

export async function newRestTenant(app: NestExpressApplication): Promise<RestTenant> {
  const workspace = await app.get(WorkspacesService).create({ name: `REST ${randomUUID().slice(0, 8)}` });
  const users = app.get(UsersService);
  const login = async (role: 'admin' | 'agent'): Promise<LoginResponseDto> => {
    const email = `${role}-${randomUUID()}@example.com`;
    await users.create(workspace.id, { email, displayName: role, password: USER_PASSWORD, role });
    // Through the service: the login route's own per-IP limit is for people, not fixtures.
    const session = await app.get(AuthService).login({ email, password: USER_PASSWORD });
    registerTestSecrets(email, session.accessToken, session.refreshToken);
    return session;
  };
  const [admin, agent] = [await login('admin'), await login('agent')];
  const apiKeys = app.get(ApiKeysService);
  const key = async (scope: ApiKeyScope): Promise<string> => {
    const created = await apiKeys.create(workspace.id, admin.user.id, { name: `${scope} key`, scopes: [scope] });
    registerTestSecrets(created.key);
    return created.key;
  };
  return {
    workspace,
    admin,
    agent,
    keys: { read: await key('read'), write: await key('write'), admin: await key('admin') },
  };
}

export async function loginAs(app: NestExpressApplication, email: string): Promise<LoginResponseDto> {
  const response = await request(app.getHttpServer())
    .post('/api/v1/auth/login')
    .send({ email, password: USER_PASSWORD })
    .expect(200);
  const session = response.body as LoginResponseDto;
  registerTestSecrets(email, session.accessToken, session.refreshToken);
  return session;
}

/** Creates a key through the API itself, with the tenant's admin key. */
export async function createKey(
  app: NestExpressApplication,
  adminKey: string,
  body: { name: string; scopes: ApiKeyScope[]; expiresAt?: string },
): Promise<CreatedApiKeyDto> {
  const response = await request(app.getHttpServer())
    .post('/api/v1/api-keys')
    .auth(adminKey, { type: 'bearer' })
    .send(body)
    .expect(201);
  const created = response.body as CreatedApiKeyDto;
  registerTestSecrets(created.key);
  return created;
}

/** The fields a 400 problem names, sorted. */
export function fieldsOf(body: unknown): string[] {
  const errors = (body as { errors?: Array<{ field: string }> }).errors ?? [];
  return errors.map((error) => error.field).sort();
}
