import { OpenDatabase } from '@neodesk/persistence';
import { ConversationErrorCode } from '../../apps/conversation-service/src/conversations/conversation.error';
import { Services, newWorkspace, servicesFor } from '../support/fixtures';
import { openSharedTestDatabase } from '../support/test-database';

describe('ConversationsService', () => {
  let database: OpenDatabase;
  let sut: Services;

  beforeAll(async () => {
    database = await openSharedTestDatabase();
    sut = servicesFor(database);
  });

  afterAll(async () => {
    await database.close();
  });

  it('should create a conversation in bot mode with its customer profile and metadata', async () => {
    const workspaceId = await newWorkspace(sut);
    const conversation = await sut.conversations.create(workspaceId, {
      visitorId: 'visitor-42',
      channel: 'api',
      customer: { name: 'Ada', email: 'ada@example.com' },
      metadata: { page: '/checkout' },
    });
    expect(conversation).toMatchObject({
      workspaceId,
      visitorId: 'visitor-42',
      channel: 'api',
      status: 'bot',
      assignedAgentId: null,
      lastSeq: 0,
      customer: { name: 'Ada', email: 'ada@example.com' },
      metadata: { page: '/checkout' },
    });
    expect(await sut.conversations.get(workspaceId, conversation.id)).toEqual(conversation);
  });

  it('should hand over to an agent of the workspace, then back to the bot, then resolve', async () => {
    const workspaceId = await newWorkspace(sut);
    const agent = await sut.users.create(workspaceId, {
      email: `ann-${workspaceId}@example.com`,
      displayName: 'Ann',
      password: 'a long enough password',
      role: 'agent',
    });
    const { id } = await sut.conversations.create(workspaceId, { visitorId: 'v' });
    const waiting = await sut.conversations.changeStatus(workspaceId, id, { status: 'waiting_human' });
    expect(waiting.status).toBe('waiting_human');
    const taken = await sut.conversations.changeStatus(workspaceId, id, { status: 'human', assignedAgentId: agent.id });
    expect(taken).toMatchObject({ status: 'human', assignedAgentId: agent.id });
    const back = await sut.conversations.changeStatus(workspaceId, id, { status: 'bot' });
    expect(back).toMatchObject({ status: 'bot', assignedAgentId: null });
    const resolved = await sut.conversations.changeStatus(workspaceId, id, { status: 'resolved' });
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolvedAt).not.toBeNull();
  });

  it('should list by status and delete a conversation with its messages', async () => {
    const workspaceId = await newWorkspace(sut);
    const keep = await sut.conversations.create(workspaceId, { visitorId: 'keep' });
    const erase = await sut.conversations.create(workspaceId, { visitorId: 'erase' });
    await sut.messages.append(workspaceId, erase.id, { author: 'customer', text: 'please forget me' });
    await sut.conversations.changeStatus(workspaceId, keep.id, { status: 'resolved' });
    expect((await sut.conversations.list(workspaceId, { status: 'resolved' })).map((c) => c.id)).toEqual([keep.id]);
    expect(await sut.conversations.delete(workspaceId, erase.id)).toBe(true);
    await expect(sut.conversations.get(workspaceId, erase.id)).rejects.toMatchObject({
      code: ConversationErrorCode.NotFound,
    });
    expect(await sut.repositories.messages.search(workspaceId, 'forget', 10)).toEqual([]);
  });

  it('should reject a blank visitor id and oversized metadata', async () => {
    const workspaceId = await newWorkspace(sut);
    await expect(sut.conversations.create(workspaceId, { visitorId: '  ' })).rejects.toMatchObject({
      code: ConversationErrorCode.InvalidInput,
    });
    await expect(
      sut.conversations.create(workspaceId, { visitorId: 'v', metadata: { blob: 'x'.repeat(20_000) } }),
    ).rejects.toMatchObject({ code: ConversationErrorCode.InvalidInput });
  });
});
