import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CannedReplyDto, InboxCountsDto, NoteDto } from '@neodesk/contracts';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ConversationsService } from '../../../apps/conversation-service/src/conversations/conversations.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { RealtimeClients, nextEvent, ready } from '../../support/realtime-clients';
import { type RestTenant, USER_PASSWORD, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

describe('REST routes of the agent dashboard: notes, canned replies, inbox', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  let other: RestTenant;

  beforeAll(async () => {
    app = await startTestApp(undefined, { SESSION_SECRET: 'dashboard api spec secret, 32+ characters' });
    other = await newRestTenant(app);
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const conversationOf = async (workspaceId: string, text?: string): Promise<string> => {
    const conversation = await app.get(ConversationsService).create(workspaceId, { visitorId: randomUUID() });
    if (text !== undefined) {
      await app
        .get(MessagesService)
        .append(workspaceId, conversation.id, { author: 'customer', text, clientMessageId: randomUUID() });
    }
    return conversation.id;
  };

  it('should end a login on logout: its refresh token no longer works, and the answer is the same for any token', async () => {
    const login = await http()
      .post('/api/v1/auth/login')
      .send({ email: tenant.agent.user.email, password: USER_PASSWORD })
      .expect(200);
    const refreshToken = (login.body as { refreshToken: string }).refreshToken;
    await http().post('/api/v1/auth/logout').send({ refreshToken }).expect(204);
    await http().post('/api/v1/auth/logout').send({ refreshToken: 'ndr_unknown' }).expect(204);
    expect((await http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(401)).body.code).toBe(
      'AUTH_INVALID_REFRESH_TOKEN',
    );
    await http().post('/api/v1/auth/logout').send({}).expect(400);
  });

  describe('private notes', () => {
    it('should store a note with its author, list notes oldest first, and push it to agents only', async () => {
      const id = await conversationOf(tenant.workspace.id);
      const clients = new RealtimeClients(app);
      try {
        const agentSocket = clients.agent(tenant.admin.accessToken);
        await ready(agentSocket);
        const pushed = nextEvent<NoteDto>(agentSocket, 'note:new');
        const first = await http()
          .post(`/api/v1/conversations/${id}/notes`)
          .auth(tenant.agent.accessToken, { type: 'bearer' })
          .send({ text: 'Customer is a VIP' })
          .expect(201);
        expect(first.body).toEqual({
          id: expect.any(String),
          conversationId: id,
          authorUserId: tenant.agent.user.id,
          authorName: tenant.agent.user.displayName,
          text: 'Customer is a VIP',
          createdAt: expect.any(String),
        });
        expect(await pushed).toEqual(first.body);
        // An API key writes one too, without an author.
        const second = await http()
          .post(`/api/v1/conversations/${id}/notes`)
          .auth(tenant.keys.write, { type: 'bearer' })
          .send({ text: 'Synced from the CRM' })
          .expect(201);
        expect(second.body.authorUserId).toBeNull();
        const list = await http()
          .get(`/api/v1/conversations/${id}/notes`)
          .auth(tenant.keys.read, { type: 'bearer' })
          .expect(200);
        expect((list.body as { data: NoteDto[] }).data.map((note) => note.text)).toEqual([
          'Customer is a VIP',
          'Synced from the CRM',
        ]);
        // Notes are not messages: the transcript does not have them.
        const messages = await http()
          .get(`/api/v1/conversations/${id}/messages`)
          .auth(tenant.keys.read, { type: 'bearer' })
          .expect(200);
        expect(JSON.stringify(messages.body)).not.toContain('VIP');
      } finally {
        clients.closeAll();
      }
    });

    it('should refuse empty, too long and unknown fields, and a read-only key', async () => {
      const id = await conversationOf(tenant.workspace.id);
      const post = (body: object, token = tenant.keys.write) =>
        http().post(`/api/v1/conversations/${id}/notes`).auth(token, { type: 'bearer' }).send(body);
      expect(fieldsOf((await post({ text: '   ' }).expect(400)).body)).toEqual(['body.text']);
      expect(fieldsOf((await post({ text: 'x'.repeat(4001) }).expect(400)).body)).toEqual(['body.text']);
      expect((await post({ text: 'ok', pinned: true }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await post({ text: 'ok' }, tenant.keys.read).expect(403)).body.code).toBe('AUTH_INSUFFICIENT_SCOPE');
      await http().get(`/api/v1/conversations/not-a-uuid/notes`).auth(tenant.keys.read, { type: 'bearer' }).expect(400);
    });

    it("should answer 404 for another workspace's conversation, both ways", async () => {
      const theirs = await conversationOf(other.workspace.id);
      await http()
        .post(`/api/v1/conversations/${theirs}/notes`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .send({ text: 'peek' })
        .expect(404);
      await http().get(`/api/v1/conversations/${theirs}/notes`).auth(tenant.keys.read, { type: 'bearer' }).expect(404);
    });
  });

  describe('canned replies', () => {
    const create = (body: object, token = tenant.keys.admin) =>
      http().post('/api/v1/canned-replies').auth(token, { type: 'bearer' }).send(body);

    it('should let admins create, change and remove them, and agents read them by shortcut', async () => {
      const refund = (await create({ shortcut: 'refund', text: 'Your refund is on its way.' }).expect(201))
        .body as CannedReplyDto;
      await create({ shortcut: 'hello', text: 'Hello! How can I help?' }).expect(201);
      const list = await http()
        .get('/api/v1/canned-replies')
        .auth(tenant.agent.accessToken, { type: 'bearer' })
        .expect(200);
      expect((list.body as { data: CannedReplyDto[] }).data.map((reply) => reply.shortcut)).toEqual([
        'hello',
        'refund',
      ]);

      const changed = await http()
        .patch(`/api/v1/canned-replies/${refund.id}`)
        .auth(tenant.admin.accessToken, { type: 'bearer' })
        .send({ text: 'Refunded: 5 working days.' })
        .expect(200);
      expect(changed.body).toEqual({ ...refund, text: 'Refunded: 5 working days.', updatedAt: expect.any(String) });
      await http()
        .delete(`/api/v1/canned-replies/${refund.id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .expect(204);
      await http()
        .delete(`/api/v1/canned-replies/${refund.id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .expect(404);
    });

    it('should refuse bad shortcuts and texts, a taken shortcut, and writes by agents', async () => {
      expect(fieldsOf((await create({ shortcut: 'Has Space', text: 'x' }).expect(400)).body)).toEqual([
        'body.shortcut',
      ]);
      expect(fieldsOf((await create({ shortcut: 'ok', text: '' }).expect(400)).body)).toEqual(['body.text']);
      expect(fieldsOf((await create({ shortcut: 'x'.repeat(41), text: 'x' }).expect(400)).body)).toEqual([
        'body.shortcut',
      ]);
      await create({ shortcut: 'thanks', text: 'Thank you!' }).expect(201);
      expect((await create({ shortcut: 'thanks', text: 'Again' }).expect(409)).body.code).toBe(
        'CANNED_REPLY_SHORTCUT_TAKEN',
      );
      expect((await create({ shortcut: 'agent', text: 'no' }, tenant.agent.accessToken).expect(403)).body.code).toBe(
        'AUTH_INSUFFICIENT_SCOPE',
      );
      const bye = (await create({ shortcut: 'bye', text: 'Bye' }).expect(201)).body as CannedReplyDto;
      await http()
        .patch(`/api/v1/canned-replies/${bye.id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .send({ shortcut: 'thanks' })
        .expect(409);
      await http()
        .patch(`/api/v1/canned-replies/${bye.id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .send({})
        .expect(400);
    });

    it("should keep each workspace's replies to itself (404 across workspaces, same shortcut allowed)", async () => {
      const mine = (await create({ shortcut: 'refund', text: 'Mine' }).expect(201)).body as CannedReplyDto;
      await create({ shortcut: 'refund', text: 'Theirs' }, other.keys.admin).expect(201);
      await http()
        .patch(`/api/v1/canned-replies/${mine.id}`)
        .auth(other.keys.admin, { type: 'bearer' })
        .send({ text: 'hijack' })
        .expect(404);
      await http().delete(`/api/v1/canned-replies/${mine.id}`).auth(other.keys.admin, { type: 'bearer' }).expect(404);
      const list = await http().get('/api/v1/canned-replies').auth(tenant.keys.read, { type: 'bearer' }).expect(200);
      expect((list.body as { data: CannedReplyDto[] }).data.map((reply) => reply.text)).toEqual(['Mine']);
    });
  });

  describe('inbox read models', () => {
    it("should count each view for the calling agent, and preview each conversation's newest or matching message", async () => {
      const withBot = await conversationOf(tenant.workspace.id, 'Where is my parcel?');
      const waiting = await conversationOf(tenant.workspace.id, 'I want a refund please');
      const commands = app.get(ConversationsService);
      await commands.changeStatus(tenant.workspace.id, waiting, { status: 'waiting_human' });
      const mine = await conversationOf(tenant.workspace.id, 'Hello');
      await commands.changeStatus(tenant.workspace.id, mine, {
        status: 'human',
        assignedAgentId: tenant.agent.user.id,
      });
      await conversationOf(other.workspace.id, 'Not yours');

      const counts = await http()
        .get('/api/v1/inbox/counts')
        .auth(tenant.agent.accessToken, { type: 'bearer' })
        .expect(200);
      expect(counts.body as InboxCountsDto).toEqual({
        mine: 1,
        unassigned: 2,
        waiting: 1,
        bot: 1,
        resolved: 0,
        all: 3,
      });

      await app.get(MessagesService).append(tenant.workspace.id, waiting, {
        author: 'customer',
        text: 'Still waiting',
        clientMessageId: randomUUID(),
      });
      const previews = await http()
        .get('/api/v1/inbox/previews')
        .query({ ids: [withBot, waiting].join(',') })
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(200);
      const texts = Object.fromEntries(
        (previews.body as { data: Array<{ conversationId: string; message: { text: string } }> }).data.map((item) => [
          item.conversationId,
          item.message.text,
        ]),
      );
      expect(texts).toEqual({ [withBot]: 'Where is my parcel?', [waiting]: 'Still waiting' });
      const matching = await http()
        .get('/api/v1/inbox/previews')
        .query({ ids: waiting, q: 'refund' })
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(200);
      const matched = (matching.body as { data: Array<{ message: { text: string } }> }).data;
      expect(matched.map((item) => item.message.text)).toEqual(['I want a refund please']);
      // Another workspace's conversation is simply not previewed.
      const foreign = await conversationOf(other.workspace.id, 'secret');
      const none = await http()
        .get('/api/v1/inbox/previews')
        .query({ ids: foreign })
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(200);
      expect(none.body).toEqual({ data: [] });
      await http()
        .get('/api/v1/inbox/previews')
        .query({ ids: 'nope' })
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(400);
    });

    it('should list the teammates by name without e-mails', async () => {
      const answer = await http()
        .get('/api/v1/inbox/teammates')
        .auth(tenant.agent.accessToken, { type: 'bearer' })
        .expect(200);
      expect(answer.body.data).toEqual(
        expect.arrayContaining([
          { id: tenant.agent.user.id, displayName: 'agent', role: 'agent', isActive: true },
          { id: tenant.admin.user.id, displayName: 'admin', role: 'admin', isActive: true },
        ]),
      );
      expect(JSON.stringify(answer.body)).not.toContain('@example.com');
    });
  });
});
