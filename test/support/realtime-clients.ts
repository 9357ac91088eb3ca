import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type {
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  LoginResponseDto,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
  WidgetSessionDto,
} from '@neodesk/contracts';
import { type Socket, io } from 'socket.io-client';
import request from 'supertest';
import { UsersService } from '../../apps/conversation-service/src/users/users.service';
import { registerTestSecrets } from './test-logs';
import {
  WorkspacesService,
  type WorkspaceView,
} from '../../apps/conversation-service/src/workspaces/workspaces.service';

export type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;
export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

export const SITE_ORIGIN = 'https://shop.example.com';
const AGENT_PASSWORD = 'agent password 123';
registerTestSecrets(AGENT_PASSWORD);

export interface Tenant {
  workspace: WorkspaceView;
  agentEmail: string;
}

/** A fresh workspace (allowing SITE_ORIGIN) with one agent, created through the app's own services. */
export async function newTenant(app: NestExpressApplication): Promise<Tenant> {
  const workspace = await app
    .get(WorkspacesService)
    .create({ name: `Realtime ${randomUUID().slice(0, 8)}`, allowedOrigins: [SITE_ORIGIN] });
  const agentEmail = `agent-${randomUUID()}@example.com`;
  await app
    .get(UsersService)
    .create(workspace.id, { email: agentEmail, displayName: 'Agent', password: AGENT_PASSWORD, role: 'agent' });
  registerTestSecrets(agentEmail);
  return { workspace, agentEmail };
}

export function baseUrl(app: NestExpressApplication | string): string {
  if (typeof app === 'string') {
    return app;
  }
  const address = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

export async function openSession(
  app: NestExpressApplication | string,
  widgetKey: string,
  /** null: no Origin header, as a server-side caller sends. */
  origin: string | null = SITE_ORIGIN,
): Promise<WidgetSessionDto> {
  const post = request(typeof app === 'string' ? app : app.getHttpServer()).post('/api/v1/widget/sessions');
  const response = await (origin === null ? post : post.set('origin', origin)).send({ widgetKey });
  if (response.status !== 201) {
    throw new Error(`Opening a widget session answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  const session = response.body as WidgetSessionDto;
  registerTestSecrets(session.visitorToken);
  return session;
}

export async function loginAgent(app: NestExpressApplication | string, email: string): Promise<LoginResponseDto> {
  const response = await request(typeof app === 'string' ? app : app.getHttpServer())
    .post('/api/v1/auth/login')
    .send({ email, password: AGENT_PASSWORD })
    .expect(200);
  const session = response.body as LoginResponseDto;
  registerTestSecrets(session.accessToken, session.refreshToken);
  return session;
}

/** Sockets opened here are closed by closeAll(), so a failing test leaves none behind. */
export class RealtimeClients {
  private readonly sockets: Socket[] = [];

  constructor(private readonly app: NestExpressApplication | string) {}

  /** `origin` null sends none (a non-browser client). */
  visitor(auth: { widgetKey: string; visitorToken: string }, origin: string | null = SITE_ORIGIN): VisitorSocket {
    return this.track(
      io(`${baseUrl(this.app)}/visitor`, {
        transports: ['websocket'],
        auth,
        extraHeaders: origin === null ? {} : { origin },
        reconnection: false,
        forceNew: true,
      }),
    );
  }

  agent(token: string): AgentSocket {
    return this.track(
      io(`${baseUrl(this.app)}/agent`, {
        transports: ['websocket'],
        auth: { token },
        reconnection: false,
        forceNew: true,
      }),
    );
  }

  closeAll(): void {
    for (const socket of this.sockets.splice(0)) {
      socket.disconnect();
    }
  }

  private track<S extends Socket>(socket: S): S {
    this.sockets.push(socket);
    return socket;
  }
}

/** Resolves once the server accepted the socket and joined its rooms; rejects if it refuses it first. */
export function ready(socket: VisitorSocket | AgentSocket): Promise<void> {
  const untyped = socket as unknown as Socket;
  return new Promise((resolve, reject) => {
    untyped.once('session:ready', () => resolve());
    untyped.once('connect_error', reject);
    untyped.once('error', (error: { code: string }) => reject(new Error(`refused: ${error.code}`)));
  });
}

/** The next `event` with its first argument. */
export function nextEvent<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => {
    socket.once(event, (payload: T) => resolve(payload));
  });
}

/** Resolves with the reason once the socket is disconnected. */
export function disconnected(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    if (!socket.connected && !socket.active) {
      resolve('already disconnected');
      return;
    }
    socket.once('disconnect', (reason) => resolve(reason));
  });
}
