import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { BotReplyEndEvent, MessageDto } from '@neodesk/contracts';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import {
  RealtimeClients,
  type VisitorSocket,
  baseUrl,
  newTenant,
  nextEvent,
  openSession,
  ready,
} from '../../support/realtime-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN } from '../../support/worker-process';

/**
 * A reply lives in the memory of one replica; when that replica dies, the customer's message is left without
 * one. The visitor's socket reconnects (to another replica) and resumes: the bot then answers the message at
 * once, exactly once, instead of the lost-reply sweep handing it to a person minutes later. Simulated here by a
 * customer message stored with no reply under way, as the dead replica leaves it.
 */
describe('Lost bot replies recovered on resume', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  let worker: ScriptedWorker;

  beforeAll(async () => {
    app = await startTestApp(undefined, {
      SESSION_SECRET: 'lost reply recovery spec secret, 32+ characters',
      WORKER_TOKEN: TEST_WORKER_TOKEN,
    });
    clients = new RealtimeClients(app);
    worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    await worker.register('recovery', 4);
  });

  afterAll(async () => {
    clients.closeAll();
    worker.close();
    await app.close();
  });

  async function chatWithLostReply(): Promise<{ visitor: VisitorSocket; conversationId: string; workspaceId: string }> {
    const tenant = await newTenant(app);
    const session = await openSession(app, tenant.workspace.widgetKey);
    const visitor = clients.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    // Stored as postCustomerMessage stores it, but no replica holds a reply for it.
    await app.get(MessagesService).append(tenant.workspace.id, session.conversation.id, {
      author: 'customer',
      text: 'Where is my order?',
      clientMessageId: randomUUID(),
    });
    return { visitor, conversationId: session.conversation.id, workspaceId: tenant.workspace.id };
  }

  const resume = (visitor: VisitorSocket, conversationId: string) =>
    visitor.emitWithAck('conversation:resume', { conversationId, afterSeq: 0 });

  it('should answer the unanswered message once when the visitor resumes', async () => {
    const chat = await chatWithLostReply();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const job = worker.nextJob();
    const ended = nextEvent<BotReplyEndEvent>(chat.visitor, 'bot:reply:end');

    expect((await resume(chat.visitor, chat.conversationId)).ok).toBe(true);
    const assigned = await job;
    expect(assigned.turns.at(-1)).toMatchObject({ speaker: 'customer', text: 'Where is my order?' });
    // A second resume while the reply is under way starts nothing more.
    const jobsBefore = worker.jobs.length;
    expect((await resume(chat.visitor, chat.conversationId)).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(worker.jobs.length).toBe(jobsBefore);

    worker.done(assigned, 'It left our warehouse yesterday.');
    expect((await ended).outcome).toBe('completed');
    const messages = await app.get(MessagesService).page(chat.workspaceId, chat.conversationId, { afterSeq: 0 });
    expect(messages.map((message: MessageDto) => [message.seq, message.author])).toEqual([
      [1, 'customer'],
      [2, 'bot'],
    ]);

    // Answered: a later resume starts nothing.
    await resume(chat.visitor, chat.conversationId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(worker.jobs.length).toBe(jobsBefore);
  }, 30_000);

  it('should leave a message alone while it is new (its reply may be starting elsewhere)', async () => {
    const chat = await chatWithLostReply();
    const jobsBefore = worker.jobs.length;
    expect((await resume(chat.visitor, chat.conversationId)).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(worker.jobs.length).toBe(jobsBefore);
  }, 30_000);
});
