import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { KnowledgeArticleDto, MessageDto, WidgetSessionDto } from '@neodesk/contracts';
import request from 'supertest';
import { ApiKeysService } from '../../apps/conversation-service/src/api-keys/api-keys.service';
import { UsersService } from '../../apps/conversation-service/src/users/users.service';
import {
  type AgentSocket,
  type RealtimeClients,
  type Tenant,
  type VisitorSocket,
  loginAgent,
  newTenant,
  openSession,
  ready,
} from './realtime-clients';

/** A fresh workspace with an admin API key (knowledge writes) and a connected agent. */
export interface KnowledgeWorkspace {
  tenant: Tenant;
  adminKey: string;
  agent: AgentSocket;
}

/** A visitor's open chat in a workspace. */
export interface KnowledgeChat {
  workspace: KnowledgeWorkspace;
  session: WidgetSessionDto;
  visitor: VisitorSocket;
  conversationId: string;
}

/** Workspaces with knowledge bases, written over the REST API as an admin would. */
export class KnowledgeWorkspaces {
  constructor(
    private readonly app: NestExpressApplication,
    private readonly clients: RealtimeClients,
  ) {}

  http() {
    return request(this.app.getHttpServer());
  }

  async create(): Promise<KnowledgeWorkspace> {
    const tenant = await newTenant(this.app);
    const admin = await this.app.get(UsersService).create(tenant.workspace.id, {
      email: `admin-${randomUUID()}@example.com`,
      displayName: 'Admin',
      password: 'admin password 123',
      role: 'admin',
    });
    const { key } = await this.app
      .get(ApiKeysService)
      .create(tenant.workspace.id, admin.id, { name: 'knowledge', scopes: ['admin'] });
    const agent = this.clients.agent((await loginAgent(this.app, tenant.agentEmail)).accessToken);
    await ready(agent);
    return { tenant, adminKey: key, agent };
  }

  async article(
    workspace: KnowledgeWorkspace,
    title: string,
    body: string,
    status: 'published' | 'draft' = 'published',
  ): Promise<KnowledgeArticleDto> {
    const response = await this.http()
      .post('/api/v1/knowledge/articles')
      .auth(workspace.adminKey, { type: 'bearer' })
      .send({ title, body, status });
    if (response.status !== 201) {
      throw new Error(`creating article "${title}" answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response.body as KnowledgeArticleDto;
  }

  async chat(workspace: KnowledgeWorkspace): Promise<KnowledgeChat> {
    const { widgetKey } = workspace.tenant.workspace;
    const session = await openSession(this.app, widgetKey);
    const visitor = this.clients.visitor({ widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    return { workspace, session, visitor, conversationId: session.conversation.id };
  }

  async messages(chat: KnowledgeChat): Promise<MessageDto[]> {
    const response = await this.http()
      .get(`/api/v1/conversations/${chat.conversationId}/messages`)
      .auth(chat.workspace.adminKey, { type: 'bearer' });
    if (response.status !== 200) {
      throw new Error(`listing messages answered ${response.status}`);
    }
    return (response.body as { data: MessageDto[] }).data;
  }
}
