import { MAX_MESSAGE_LENGTH } from '@neodesk/contracts';
import { OpenDatabase } from '@neodesk/persistence';
import { ConversationErrorCode } from '../../apps/conversation-service/src/conversations/conversation.error';
import { Services, newWorkspace, servicesFor } from '../support/fixtures';
import { openSharedTestDatabase } from '../support/test-database';

describe('MessagesService', () => {
  let database: OpenDatabase;
  let sut: Services;

  beforeAll(async () => {
    database = await openSharedTestDatabase();
    sut = servicesFor(database);
  });

  afterAll(async () => {
    await database.close();
  });

  async function newConversation(): Promise<{ workspaceId: string; conversationId: string }> {
    const workspaceId = await newWorkspace(sut);
    const conversation = await sut.conversations.create(workspaceId, { visitorId: 'visitor-1' });
    return { workspaceId, conversationId: conversation.id };
  }

  it('should number 50 racing appends 1..50 with no gaps and no duplicates', async () => {
    const { workspaceId, conversationId } = await newConversation();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sut.messages.append(workspaceId, conversationId, {
          author: 'customer',
          text: `message ${i}`,
          clientMessageId: `c-${i}`,
        }),
      ),
    );
    const seqs = results.map((result) => result.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stored = await sut.messages.page(workspaceId, conversationId, { limit: 500 });
    expect(stored.map((message) => message.seq)).toEqual(seqs);
    expect(new Set(stored.map((message) => message.text)).size).toBe(50);
    expect((await sut.conversations.get(workspaceId, conversationId)).lastSeq).toBe(50);
  });

  it('should return the original message when a client retries with the same client message id', async () => {
    const { workspaceId, conversationId } = await newConversation();
    const first = await sut.messages.append(workspaceId, conversationId, {
      author: 'customer',
      text: 'Where is my order?',
      clientMessageId: 'retry-1',
    });
    const retries = await Promise.all(
      Array.from({ length: 10 }, () =>
        sut.messages.append(workspaceId, conversationId, {
          author: 'customer',
          text: 'Where is my order?',
          clientMessageId: 'retry-1',
        }),
      ),
    );
    expect(first.created).toBe(true);
    for (const retry of retries) {
      expect(retry.created).toBe(false);
      expect(retry.message).toEqual(first.message);
    }
    const stored = await sut.messages.page(workspaceId, conversationId, { limit: 100 });
    expect(stored).toHaveLength(1);
  });

  it('should refuse a client message id reused for a different text', async () => {
    const { workspaceId, conversationId } = await newConversation();
    await sut.messages.append(workspaceId, conversationId, {
      author: 'customer',
      text: 'one',
      clientMessageId: 'same',
    });
    await expect(
      sut.messages.append(workspaceId, conversationId, { author: 'customer', text: 'two', clientMessageId: 'same' }),
    ).rejects.toMatchObject({ code: ConversationErrorCode.ClientMessageIdConflict });
  });

  it('should page the transcript forwards and backwards by sequence number', async () => {
    const { workspaceId, conversationId } = await newConversation();
    for (let i = 1; i <= 12; i++) {
      await sut.messages.append(workspaceId, conversationId, { author: i % 2 ? 'customer' : 'agent', text: `m${i}` });
    }
    const forward = await sut.messages.page(workspaceId, conversationId, { afterSeq: 4, limit: 3 });
    expect(forward.map((message) => message.seq)).toEqual([5, 6, 7]);
    const backward = await sut.messages.page(workspaceId, conversationId, { beforeSeq: 4, limit: 10 });
    expect(backward.map((message) => message.seq)).toEqual([1, 2, 3]);
    const tail = await sut.messages.page(workspaceId, conversationId, { beforeSeq: 13, limit: 2 });
    expect(tail.map((message) => message.text)).toEqual(['m11', 'm12']);
  });

  it('should give the last N dialogue turns oldest first, without system messages', async () => {
    const { workspaceId, conversationId } = await newConversation();
    await sut.messages.append(workspaceId, conversationId, { author: 'customer', text: 'hello' });
    await sut.messages.append(workspaceId, conversationId, {
      author: 'bot',
      text: 'Hi, how can I help?',
      generation: {
        modelId: 'neodesk-support-gpt-neo',
        modelVersion: '1',
        promptTokens: 20,
        completionTokens: 7,
        queueMs: 1.4,
        timeToFirstTokenMs: 12.6,
        totalMs: 80.2,
        finishReason: 'eos',
        meanTokenProbability: 0.875,
        minTokenProbability: 0.25,
      },
    });
    await sut.messages.append(workspaceId, conversationId, { author: 'system', text: 'Agent Ann joined' });
    await sut.messages.append(workspaceId, conversationId, { author: 'customer', text: 'my parcel is late' });
    const turns = await sut.messages.lastTurns(workspaceId, conversationId, 2);
    expect(turns.map((turn) => [turn.author, turn.text])).toEqual([
      ['bot', 'Hi, how can I help?'],
      ['customer', 'my parcel is late'],
    ]);
    expect(turns[0].generation).toEqual({
      modelId: 'neodesk-support-gpt-neo',
      modelVersion: '1',
      promptTokens: 20,
      completionTokens: 7,
      queueMs: 1,
      timeToFirstTokenMs: 13,
      totalMs: 80,
      finishReason: 'eos',
      meanTokenProbability: 0.875,
      minTokenProbability: 0.25,
    });
  });

  it('should reopen a resolved conversation for the bot when the customer writes again', async () => {
    const { workspaceId, conversationId } = await newConversation();
    await sut.conversations.changeStatus(workspaceId, conversationId, { status: 'resolved' });
    const agentNote = await sut.messages.append(workspaceId, conversationId, { author: 'agent', text: 'closing note' });
    expect(agentNote.conversation.status).toBe('resolved');
    const reopened = await sut.messages.append(workspaceId, conversationId, {
      author: 'customer',
      text: 'one more thing',
    });
    expect(reopened.conversation.status).toBe('bot');
    expect(reopened.conversation.resolvedAt).toBeNull();
  });

  it('should refuse a bot message while a human owns the conversation', async () => {
    const { workspaceId, conversationId } = await newConversation();
    await sut.conversations.changeStatus(workspaceId, conversationId, { status: 'waiting_human' });
    await expect(
      sut.messages.append(workspaceId, conversationId, { author: 'bot', text: 'I can help!' }),
    ).rejects.toMatchObject({
      code: ConversationErrorCode.BotNotAllowed,
    });
    expect(await sut.messages.page(workspaceId, conversationId, { limit: 10 })).toEqual([]);
  });

  it('should store one bot reply per customer message, and none once the customer wrote again', async () => {
    const { workspaceId, conversationId } = await newConversation();
    const question = await sut.messages.append(workspaceId, conversationId, { author: 'customer', text: 'Hi?' });
    const reply = (text: string, replyToSeq: number) =>
      sut.messages.append(workspaceId, conversationId, { author: 'bot', text, replyToSeq });
    expect((await reply('Hello!', question.message.seq)).message.seq).toBe(2);
    await expect(reply('Hello again!', question.message.seq)).rejects.toMatchObject({
      code: ConversationErrorCode.ReplySuperseded,
    });
    const followUp = await sut.messages.append(workspaceId, conversationId, { author: 'customer', text: 'And?' });
    await sut.messages.append(workspaceId, conversationId, { author: 'customer', text: 'Also...' });
    await expect(reply('About And?', followUp.message.seq)).rejects.toMatchObject({
      code: ConversationErrorCode.ReplySuperseded,
    });
    expect((await sut.messages.page(workspaceId, conversationId, {})).map((message) => message.author)).toEqual([
      'customer',
      'bot',
      'customer',
      'customer',
    ]);
  });

  it.each([
    ['an empty text', ' \n '],
    ['a text over the limit', 'x'.repeat(MAX_MESSAGE_LENGTH + 1)],
    ['a NUL character', 'hello\u0000world'],
    ['a lone surrogate', 'broken \ud800 text'],
  ])('should reject %s and store nothing', async (_label, text) => {
    const { workspaceId, conversationId } = await newConversation();
    await expect(sut.messages.append(workspaceId, conversationId, { author: 'customer', text })).rejects.toMatchObject({
      code: ConversationErrorCode.InvalidMessage,
    });
    expect((await sut.conversations.get(workspaceId, conversationId)).lastSeq).toBe(0);
  });

  it('should keep emoji and accented text intact', async () => {
    const { workspaceId, conversationId } = await newConversation();
    const text = 'Ça marche 👍🏽 — naïve café, 日本語';
    const { message } = await sut.messages.append(workspaceId, conversationId, { author: 'customer', text });
    expect((await sut.messages.page(workspaceId, conversationId, { limit: 1 }))[0].text).toBe(text);
    expect(message.text).toBe(text);
  });

  it('should find words across conversations of the workspace by full-text search', async () => {
    const { workspaceId, conversationId } = await newConversation();
    const other = await sut.conversations.create(workspaceId, { visitorId: 'visitor-2' });
    await sut.messages.append(workspaceId, conversationId, {
      author: 'customer',
      text: 'My invoice shows a double charge',
    });
    await sut.messages.append(workspaceId, other.id, {
      author: 'customer',
      text: 'Was I charged twice? The invoice is wrong',
    });
    await sut.messages.append(workspaceId, other.id, {
      author: 'customer',
      text: 'Unrelated question about opening hours',
    });
    const hits = await sut.messages.search(workspaceId, 'invoice');
    expect(hits.map((hit) => hit.conversationId).sort()).toEqual([conversationId, other.id].sort());
  });
});
