import type { NestExpressApplication } from '@nestjs/platform-express';
import { LostReplySweeper } from '../../../apps/conversation-service/src/bot/lost-reply-sweeper';
import { ConversationsService } from '../../../apps/conversation-service/src/conversations/conversations.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { newTenant } from '../../support/realtime-clients';
import { startTestApp } from '../../support/test-app';
import { type ScratchDatabase, createScratchDatabase } from '../../support/test-database';

/** On a database of its own: the sweep looks at every workspace, and other specs leave messages unanswered. */
describe('Replies lost with a replica', () => {
  let scratch: ScratchDatabase;
  let app: NestExpressApplication;

  beforeAll(async () => {
    scratch = await createScratchDatabase('sweeper');
    app = await startTestApp(scratch.url, {
      BOT_REPLY_WAIT_MS: '0',
      BOT_REPLY_TIMEOUT_MS: '1000',
      BOT_LOST_REPLY_AFTER_MS: '1000',
    });
  });

  afterAll(async () => {
    await app.close();
    await scratch.drop();
  });

  it('should hand a bot conversation whose customer message stayed unanswered to the queue, once, with the fallback', async () => {
    const { workspace } = await newTenant(app);
    const conversations = app.get(ConversationsService);
    const messages = app.get(MessagesService);
    // Stored straight through the messages service: as if the replica that ran the reply had died.
    const lost = await conversations.create(workspace.id, { visitorId: 'visitor-lost' });
    await messages.append(workspace.id, lost.id, { author: 'customer', text: 'Hello? Anyone?' });
    const answered = await conversations.create(workspace.id, { visitorId: 'visitor-answered' });
    const question = await messages.append(workspace.id, answered.id, { author: 'customer', text: 'Hi' });
    await messages.append(workspace.id, answered.id, {
      author: 'bot',
      text: 'Hello!',
      replyToSeq: question.message.seq,
    });
    const human = await conversations.create(workspace.id, { visitorId: 'visitor-human' });
    await conversations.changeStatus(workspace.id, human.id, { status: 'waiting_human' });
    await messages.append(workspace.id, human.id, { author: 'customer', text: 'Waiting for a person' });

    const sweeper = app.get(LostReplySweeper);
    const later = new Date(Date.now() + 10_000);
    expect(await sweeper.sweep(new Date())).toBe(0);
    expect(await sweeper.sweep(later)).toBe(1);
    expect(await sweeper.sweep(later)).toBe(0);

    expect((await conversations.get(workspace.id, lost.id)).status).toBe('waiting_human');
    const transcript = await messages.page(workspace.id, lost.id, {});
    expect(transcript.map((message) => message.author)).toEqual(['customer', 'system']);
    expect(transcript[1]?.text).toContain('member of our team');
    expect((await conversations.get(workspace.id, answered.id)).status).toBe('bot');
    expect((await messages.page(workspace.id, human.id, {})).map((message) => message.author)).toEqual(['customer']);
  });
});
