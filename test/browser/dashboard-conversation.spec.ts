import { type MessageDto, WEBHOOK_EVENT_TYPES } from '@neodesk/contracts';
import type { BrowserContext, Page } from 'playwright-core';
import { MessagesService } from '../../apps/conversation-service/src/messages/messages.service';
import { WebhooksService } from '../../apps/conversation-service/src/webhooks/webhooks.service';
import { WebhookReceiver } from '../support/webhook-receiver';
import { GuardrailSettingsService } from '../../apps/conversation-service/src/guardrails/guardrail-settings.service';
import { type Hold, ReplyGate } from './support/reply-gate';
import {
  DASHBOARD_TEST_TIMEOUT_MS,
  type DashboardStack,
  type DashboardTenant,
  accessibilityViolations,
  dashboardTenant,
  newContext,
  screenshotPath,
  signIn,
  startDashboardStack,
  until,
  visitor,
  visitorSays,
  watchPage,
} from './support/dashboard-harness';

jest.setTimeout(DASHBOARD_TEST_TIMEOUT_MS);

/** Questions about one order, asked again in other words when a reply ended before the worker froze. */
const QUESTIONS = [
  'Hello, where is my order A-1001?',
  'Could you check where parcel A-1001 is?',
  'Where is A-1001 now?',
];

function transcript(page: Page) {
  return page.getByRole('log', { name: 'Transcript' });
}

describe('Agent dashboard: a conversation, with the real model worker', () => {
  let stack: DashboardStack;
  let receiver: WebhookReceiver;
  let context: BrowserContext;
  let tenant: DashboardTenant;
  let gate: ReplyGate | undefined;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await startDashboardStack({
      worker: true,
      env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_INTERVAL_MS: '100', BOT_REPLY_WAIT_MS: '20000' },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  /** The bot's stored replies in a conversation of the test's tenant. */
  async function botMessages(conversationId: string): Promise<MessageDto[]> {
    const messages = await stack.app.get(MessagesService).page(tenant.workspace.id, conversationId, {});
    return messages.filter((message) => message.author === 'bot');
  }

  beforeEach(async () => {
    tenant = await dashboardTenant(stack.app);
    // Whole dialogues with the bundled model: its unsure replies must not hand them to a person
    // (guardrails-confidence.spec.ts covers that).
    // Nor its replies that tell a polite customer off, which the hostile_reply check would hand over too
    // (guardrails-reply-checks.spec.ts covers that): it is on only while the input guard answers abuse.
    await stack.app
      .get(GuardrailSettingsService)
      .update(tenant.workspace.id, { minTokenProbability: 0, flagAbusiveInput: false });
    context = await newContext(stack);
  });

  afterEach(async () => {
    gate?.close();
    gate = undefined;
    await context.close();
  });

  it('should show the bot writing, stop it with Take over, and reply to the visitor as the agent', async () => {
    const customer = await visitor(stack, tenant);
    const statuses: string[] = [];
    const typing: boolean[] = [];
    customer.socket.on('conversation:status', (event) => statuses.push(event.status));
    customer.socket.on('agent:typing', (event) => typing.push(event.isTyping));
    // Frozen at the bot's third token, seen over an agent socket (see ReplyGate); a reply over before the freeze
    // landed is asked again in other words.
    gate = await ReplyGate.connect(stack, tenant.workspace.id, tenant.colleague.login.accessToken);
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.agent, '/admin/inbox/bot');
    let hold: Hold | undefined;
    let earlierReplies = 0;
    for (const question of QUESTIONS) {
      const held = gate.holdAt(2);
      await visitorSays(customer.socket, customer.conversationId, question);
      if (earlierReplies === 0) {
        await page.locator(`li[data-conversation-id="${customer.conversationId}"]`).getByRole('link').click();
      }
      await transcript(page).getByText(question).waitFor();
      hold = await held;
      if (hold.frozen) {
        break;
      }
      gate.release();
      earlierReplies += 1;
      await until(
        async () => (await botMessages(customer.conversationId)).length === earlierReplies || undefined,
        'the reply stored',
      );
    }
    if (hold?.frozen !== true) {
      throw new Error(`every reply ended before the worker froze (${QUESTIONS.length} tries)`);
    }
    const streaming = transcript(page).locator('li[aria-busy="true"]');
    await until(
      async () => ((await streaming.locator('.message__text').textContent()) ?? '').trim() !== '' || undefined,
      'streamed text',
    );
    await page.screenshot({ path: screenshotPath('10-bot-streaming') });

    const tokensBefore = customer.tokens.length;
    expect(tokensBefore).toBeGreaterThan(hold.index);
    await streaming.getByRole('button', { name: 'Take over' }).click();
    await page.locator('.conversation__who').getByText('With a person').waitFor();
    const tokensAtAck = customer.tokens.length;
    expect(await streaming.count()).toBe(0);

    // The worker writes on; nothing of it may reach the visitor or be stored.
    gate.release();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(customer.tokens.length).toBe(tokensAtAck);
    expect(await botMessages(customer.conversationId)).toHaveLength(earlierReplies);
    await until(() => statuses.includes('human') || undefined, 'the visitor told of the takeover');

    const composer = page.getByRole('textbox', { name: 'Reply to the customer' });
    await composer.click();
    await composer.pressSequentially('Hi, this is Grace.');
    await until(() => typing.includes(true) || undefined, 'the typing indicator at the visitor');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('Your order left our warehouse this morning.');
    await composer.press('Enter');
    const expected = 'Hi, this is Grace.\nYour order left our warehouse this morning.';
    const reply = await until(
      () => customer.received.find((message) => message.author === 'agent'),
      'the agent reply at the visitor',
    );
    expect(reply.text).toBe(expected);
    expect(reply.authorName).toBe('Grace Hopper');
    await transcript(page).locator('.message--agent').getByText('Grace Hopper').waitFor();
    expect(await composer.inputValue()).toBe('');
    await page.screenshot({ path: screenshotPath('11-agent-replied') });

    await page.getByRole('group', { name: 'Conversation actions' }).getByRole('button', { name: 'Resolve' }).click();
    await page.locator('.conversation__who').getByText('Resolved').waitFor();
    await until(() => statuses.includes('resolved') || undefined, 'the visitor told of the resolve');
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.locator('.conversation__who').getByText('With a person').waitFor();
    await page.getByRole('button', { name: 'Hand back to bot' }).click();
    await page.locator('.conversation__who').getByText('With the bot').waitFor();
    await until(() => statuses.at(-1) === 'bot' || undefined, 'the visitor told of the hand-back');
    expect(seen.errors).toEqual([]);
  });

  it('should show the bot reply with its model and figures, and pass axe-core while it streams', async () => {
    const customer = await visitor(stack, tenant);
    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, `/admin/inbox/all/${customer.conversationId}`);
    await visitorSays(customer.socket, customer.conversationId, 'What are your opening hours?');
    const bot = transcript(page).locator('.message--bot:not([aria-busy])');
    await bot.waitFor({ timeout: 60_000 });
    const stored = await until(async () => {
      const messages = await stack.app.get(MessagesService).page(tenant.workspace.id, customer.conversationId, {});
      return messages.find((message) => message.author === 'bot');
    }, 'the stored bot reply');
    expect(await bot.locator('.message__text').textContent()).toBe(stored.text);
    await bot.getByText(`AI · ${stored.generation?.modelVersion ?? ''}`).waitFor();
    await bot.getByText('First token').waitFor();
    await bot.getByText(`${stored.generation?.completionTokens ?? -1}`, { exact: true }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('12-bot-reply-figures') });
  });

  it('should show a private note to another agent live, and never to the visitor or a webhook', async () => {
    await stack.app.get(WebhooksService).create(tenant.workspace.id, {
      url: receiver.url(`/hooks/${tenant.workspace.id}`),
      events: [...WEBHOOK_EVENT_TYPES],
    });
    const customer = await visitor(stack, tenant);
    const everything: string[] = [];
    customer.socket.onAny((event: string, ...args: unknown[]) => everything.push(`${event} ${JSON.stringify(args)}`));
    await visitorSays(customer.socket, customer.conversationId, 'I was charged twice for my order');

    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, `/admin/inbox/all/${customer.conversationId}`);
    const colleagueContext = await newContext(stack);
    const colleague = await colleagueContext.newPage();
    await signIn(colleague, stack, tenant.colleague, `/admin/inbox/all/${customer.conversationId}`);
    await transcript(colleague).getByText('I was charged twice').waitFor();

    const note = 'Refund approved by billing, ticket B-77 <b>not bold</b>';
    await page.getByRole('button', { name: 'Private note' }).click();
    const field = page.getByRole('textbox', { name: 'Private note (agents only)' });
    await field.fill(note);
    await field.press('Enter');
    await transcript(page).locator('.message--note').getByText(note).waitFor();
    const atColleague = transcript(colleague).locator('.message--note');
    await atColleague.getByText(note).waitFor();
    await atColleague.getByText('Grace Hopper').waitFor();
    await colleague.screenshot({ path: screenshotPath('13-note-at-colleague') });

    // Then a reply, so the visitor's socket and the webhook receiver have had time to get anything sent.
    await page.getByRole('button', { name: 'Reply', exact: true }).click();
    const reply = page.getByRole('textbox', { name: 'Reply to the customer' });
    await reply.fill('We are refunding the second charge.');
    await reply.press('Enter');
    await until(() => customer.received.some((message) => message.author === 'agent') || undefined, 'the reply');
    await receiver.waitFor(`/hooks/${tenant.workspace.id}`, (received) =>
      received.some((hook) => hook.rawBody.includes('We are refunding the second charge.')),
    );
    expect(everything.filter((entry) => entry.includes('ticket B-77'))).toEqual([]);
    expect(receiver.at(`/hooks/${tenant.workspace.id}`).filter((hook) => hook.rawBody.includes('B-77'))).toEqual([]);
    await colleagueContext.close();
  });

  it('should insert a canned reply by its /shortcut in the composer', async () => {
    const adminPage = await context.newPage();
    await signIn(adminPage, stack, tenant.admin, '/admin/settings/canned-replies');
    await adminPage.getByRole('textbox', { name: 'Shortcut', exact: true }).fill('refund');
    await adminPage
      .getByRole('textbox', { name: 'Text', exact: true })
      .fill('Your refund is on its way: 5 working days.');
    await adminPage.getByRole('button', { name: 'Add', exact: true }).click();
    await adminPage.getByRole('button', { name: 'Delete /refund' }).waitFor();
    await adminPage.screenshot({ path: screenshotPath('14-canned-replies-admin') });
    await adminPage.close();

    const customer = await visitor(stack, tenant);
    await visitorSays(customer.socket, customer.conversationId, 'When do I get my money back?');
    const agentContext = await newContext(stack);
    const page = await agentContext.newPage();
    await signIn(page, stack, tenant.agent, `/admin/inbox/all/${customer.conversationId}`);
    const composer = page.getByRole('textbox', { name: 'Reply to the customer' });
    await composer.fill('/ref');
    await page
      .getByRole('listbox', { name: 'Canned replies' })
      .getByRole('option', { name: /\/refund/ })
      .waitFor();
    await page.screenshot({ path: screenshotPath('15-canned-reply-suggestion') });
    await composer.press('Enter');
    expect(await composer.inputValue()).toBe('Your refund is on its way: 5 working days.');
    await composer.press('Enter');
    const reply = await until(
      () => customer.received.find((message) => message.author === 'agent'),
      'the canned reply at the visitor',
    );
    expect(reply.text).toBe('Your refund is on its way: 5 working days.');
    await agentContext.close();
  });
});
