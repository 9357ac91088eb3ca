import { OpenDatabase } from '@neodesk/persistence';
import { ConversationErrorCode } from '../../apps/conversation-service/src/conversations/conversation.error';
import { Services, newWorkspace, servicesFor } from '../support/fixtures';
import { openSharedTestDatabase } from '../support/test-database';

describe('tenant isolation', () => {
  let database: OpenDatabase;
  let sut: Services;
  let workspaceA: string;
  let workspaceB: string;
  let conversationA: string;

  beforeAll(async () => {
    database = await openSharedTestDatabase();
    sut = servicesFor(database);
    workspaceA = await newWorkspace(sut);
    workspaceB = await newWorkspace(sut);
    conversationA = (await sut.conversations.create(workspaceA, { visitorId: 'v-a' })).id;
    await sut.messages.append(workspaceA, conversationA, { author: 'customer', text: 'secret order 4711 for alice' });
  });

  afterAll(async () => {
    await database.close();
  });

  it("should never show workspace A's rows to workspace B's repository calls", async () => {
    const repositories = sut.repositories;
    expect(await repositories.conversations.findById(workspaceB, conversationA)).toBeNull();
    expect(await repositories.conversations.list(workspaceB, { limit: 100 })).toEqual([]);
    expect(await repositories.messages.page(workspaceB, conversationA, { limit: 100 })).toEqual([]);
    expect(await repositories.messages.lastTurns(workspaceB, conversationA, 10, ['customer', 'bot', 'agent'])).toEqual(
      [],
    );
    expect(await repositories.messages.search(workspaceB, 'secret', 10)).toEqual([]);
    expect(await repositories.conversations.countByStatus(workspaceB)).toEqual([]);
    // The same calls with A's id do see the rows, so the empty answers above are not vacuous.
    expect(await repositories.conversations.findById(workspaceA, conversationA)).not.toBeNull();
    expect(await repositories.messages.search(workspaceA, 'secret', 10)).toHaveLength(1);
  });

  it("should answer 'not found' when workspace B uses A's conversation id in a service", async () => {
    const notFound = { code: ConversationErrorCode.NotFound };
    await expect(sut.conversations.get(workspaceB, conversationA)).rejects.toMatchObject(notFound);
    await expect(sut.messages.page(workspaceB, conversationA, {})).rejects.toMatchObject(notFound);
    await expect(sut.messages.lastTurns(workspaceB, conversationA, 5)).rejects.toMatchObject(notFound);
    await expect(sut.messages.append(workspaceB, conversationA, { author: 'agent', text: 'hi' })).rejects.toMatchObject(
      notFound,
    );
    await expect(
      sut.conversations.changeStatus(workspaceB, conversationA, { status: 'resolved' }),
    ).rejects.toMatchObject(notFound);
    expect(await sut.conversations.delete(workspaceB, conversationA)).toBe(false);
    const stillThere = await sut.conversations.get(workspaceA, conversationA);
    expect(stillThere.status).toBe('bot');
    expect(stillThere.lastSeq).toBe(1);
  });

  it('should refuse to assign an agent from another workspace', async () => {
    const agentB = await sut.users.create(workspaceB, {
      email: `agent-${workspaceB}@example.com`,
      displayName: 'Agent B',
      password: 'correct horse battery staple',
      role: 'agent',
    });
    await expect(
      sut.conversations.changeStatus(workspaceA, conversationA, { status: 'human', assignedAgentId: agentB.id }),
    ).rejects.toMatchObject({ code: ConversationErrorCode.AgentNotInWorkspace });
  });

  it("should refuse a message row that points at another tenant's conversation (database constraint)", async () => {
    await expect(
      sut.repositories.messages.insert({
        workspaceId: workspaceB,
        conversationId: conversationA,
        seq: 99,
        author: 'customer',
        authorUserId: null,
        text: 'cross-tenant write',
        clientMessageId: null,
      }),
    ).rejects.toThrow(/fk_messages_conversation/);
  });
});
