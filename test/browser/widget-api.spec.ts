import { createHmac, randomUUID } from 'node:crypto';
import type { ConversationDto } from '@neodesk/contracts';
import type { BrowserContext, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { ConversationsService } from '../../apps/conversation-service/src/conversations/conversations.service';
import { WidgetSettingsService } from '../../apps/conversation-service/src/widget-settings/widget-settings.service';
import { type AgentSocket, type Tenant, loginAgent, ready } from '../support/realtime-clients';
import {
  BROWSER_TEST_TIMEOUT_MS,
  type WidgetStack,
  launcher,
  messageBox,
  openHostPage,
  panel,
  screenshotPath,
  send,
  startWidgetStack,
  storedConversationId,
  storedSession,
  until,
  watchPage,
  widgetTenant,
} from './support/widget-harness';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

/** What the page's listeners saw, recorded inside the page. */
interface Recorded {
  events: Array<[string, unknown]>;
}

describe('Web chat widget: the JS API, identities and the pre-chat form', () => {
  let stack: WidgetStack;
  let context: BrowserContext;
  const agents: AgentSocket[] = [];

  beforeAll(async () => {
    stack = await startWidgetStack({ worker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
  });

  afterEach(async () => {
    agents.splice(0).forEach((agent) => agent.disconnect());
    await context.close();
  });

  /** Waits for window.Neodesk and records every event it emits. */
  async function listen(page: Page): Promise<void> {
    await page.waitForFunction(() => typeof (globalThis as { Neodesk?: { on?: unknown } }).Neodesk?.on === 'function');
    await page.evaluate(() => {
      const w = globalThis as unknown as {
        Neodesk: { on: (event: string, callback: (arg?: unknown) => void) => void };
        recorded: Recorded;
      };
      w.recorded = { events: [] };
      for (const event of ['ready', 'open', 'close', 'message', 'unread']) {
        w.Neodesk.on(event, (arg?: unknown) => w.recorded.events.push([event, arg ?? null]));
      }
    });
  }

  function recorded(page: Page): Promise<Array<[string, unknown]>> {
    return page.evaluate(() => (globalThis as unknown as { recorded: Recorded }).recorded.events);
  }

  function call(page: Page, method: string, ...args: unknown[]): Promise<void> {
    return page.evaluate(
      ([name, params]) => {
        const api = (globalThis as unknown as { Neodesk: Record<string, (...a: unknown[]) => void> }).Neodesk;
        api[name]?.(...params);
      },
      [method, args] as const,
    );
  }

  async function agentOf(tenant: Tenant): Promise<AgentSocket> {
    const login = await loginAgent(stack.app, tenant.agentEmail);
    const socket: AgentSocket = io(`${stack.origin}/agent`, {
      transports: ['websocket'],
      auth: { token: login.accessToken },
      forceNew: true,
    });
    agents.push(socket);
    await ready(socket);
    return socket;
  }

  function conversation(tenant: Tenant, id: string): Promise<ConversationDto> {
    return stack.app.get(ConversationsService).get(tenant.workspace.id, id);
  }

  it('should open, close and toggle from the page, report events, and count unread messages while closed', async () => {
    const tenant = await widgetTenant(stack);
    const page = await openHostPage(context, stack, { widgetKey: tenant.workspace.widgetKey });
    const seen = watchPage(page);
    await listen(page);
    await until(async () => (await recorded(page)).some(([event]) => event === 'ready'), 'the ready event');

    await call(page, 'open');
    await messageBox(page).waitFor();
    await send(page, 'Hello from the page');
    const conversationId = await storedConversationId(page, tenant.workspace.widgetKey);
    await call(page, 'close');
    await panel(page).waitFor({ state: 'hidden' });

    // A person answers while the panel is closed: the page hears of it, and the launcher shows a badge.
    const agent = await agentOf(tenant);
    const ack = await agent.timeout(10_000).emitWithAck('message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      text: 'Hi, Dana from support here.',
    });
    expect(ack.ok).toBe(true);
    await launcher(page, /1 unread message/).waitFor();
    await page.screenshot({ path: screenshotPath('13-unread-badge') });
    await call(page, 'toggle');
    await panel(page).getByText('Hi, Dana from support here.').waitFor();
    await page.getByRole('button', { name: /close chat/i, expanded: true }).waitFor();

    const events = await recorded(page);
    const names = events.map(([event]) => event);
    expect(names.filter((event) => event === 'open')).toHaveLength(2);
    expect(names.filter((event) => event === 'close')).toHaveLength(1);
    expect(events).toContainEqual(['unread', 1]);
    expect(events).toContainEqual([
      'message',
      expect.objectContaining({ author: 'agent', text: 'Hi, Dana from support here.' }),
    ]);
    // Opening the panel reads them: closed again, the launcher has no badge.
    const lastOpen = names.lastIndexOf('open');
    expect(events.slice(lastOpen).filter(([event]) => event === 'unread')).toEqual(
      events.slice(lastOpen).filter(([event, count]) => event === 'unread' && count === 0),
    );
    await call(page, 'close');
    await launcher(page, /^chat with us$/i).waitFor();
    expect(seen.errors).toEqual([]);
  });

  it('should store a signed identity as verified, an unsigned one as unverified, and forget the visitor on reset', async () => {
    const tenant = await widgetTenant(stack);
    const { identitySecret } = await stack.app.get(WidgetSettingsService).rotateIdentitySecret(tenant.workspace.id);
    const hash = createHmac('sha256', identitySecret).update('dana@example.com').digest('hex');

    const signed = await openHostPage(context, stack, { widgetKey: tenant.workspace.widgetKey });
    await listen(signed);
    await call(signed, 'identify', { name: 'Dana Scully', email: 'dana@example.com', hash });
    await call(signed, 'open');
    await messageBox(signed).waitFor();
    const signedId = await storedConversationId(signed, tenant.workspace.widgetKey);
    await until(async () => (await conversation(tenant, signedId)).customer?.verified === true, 'a verified identity');
    expect((await conversation(tenant, signedId)).customer).toMatchObject({
      name: 'Dana Scully',
      email: 'dana@example.com',
      verified: true,
    });

    // Another visitor (own storage) claiming the same e-mail without the hash is shown as unverified.
    const other = await stack.browser.newContext();
    try {
      const unsigned = await openHostPage(other, stack, { widgetKey: tenant.workspace.widgetKey });
      await listen(unsigned);
      await call(unsigned, 'open');
      await messageBox(unsigned).waitFor();
      await call(unsigned, 'identify', { name: 'Not Dana', email: 'dana@example.com' });
      const unsignedId = await storedConversationId(unsigned, tenant.workspace.widgetKey);
      expect(unsignedId).not.toBe(signedId);
      await until(async () => (await conversation(tenant, unsignedId)).customer?.email, 'the unsigned identity');
      expect((await conversation(tenant, unsignedId)).customer).toMatchObject({
        email: 'dana@example.com',
        verified: false,
      });
    } finally {
      await other.close();
    }

    // reset(): the visitor is forgotten; the next open is a new visitor with a new conversation.
    await send(signed, 'Something private');
    await panel(signed).getByText('Something private').waitFor();
    const before = await storedSession(signed, tenant.workspace.widgetKey);
    await call(signed, 'reset');
    await messageBox(signed).waitFor();
    const after = await until(async () => {
      const stored = await storedSession(signed, tenant.workspace.widgetKey);
      return stored.visitorId !== undefined && stored.visitorId !== before.visitorId ? stored : undefined;
    }, 'a new visitor after reset');
    expect(after.conversationId).not.toBe(before.conversationId);
    expect(await panel(signed).getByText('Something private').count()).toBe(0);
  });

  it('should ask for the e-mail first when the workspace requires it, and store it with the conversation', async () => {
    const tenant = await widgetTenant(stack);
    await stack.app
      .get(WidgetSettingsService)
      .update(tenant.workspace.id, { preChatForm: { name: 'optional', email: 'required' } });
    const page = await openHostPage(context, stack, { widgetKey: tenant.workspace.widgetKey });
    await launcher(page).click();
    const email = page.getByRole('textbox', { name: /e-mail/i });
    await email.waitFor();
    await expect(page.getByRole('textbox', { name: /^name/i }).count()).resolves.toBe(1);
    expect(await messageBox(page).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('14-pre-chat-form') });

    // The browser refuses the form without the required e-mail: still no message box.
    await page.getByRole('button', { name: 'Start chat' }).click();
    expect(await messageBox(page).count()).toBe(0);
    await page.getByRole('textbox', { name: /^name/i }).fill('Fox Mulder');
    await email.fill('fox@example.com');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await messageBox(page).waitFor();
    await send(page, 'Hello after the form');
    const conversationId = await storedConversationId(page, tenant.workspace.widgetKey);
    await until(async () => (await conversation(tenant, conversationId)).customer?.email, 'the pre-chat identity');
    expect((await conversation(tenant, conversationId)).customer).toMatchObject({
      name: 'Fox Mulder',
      email: 'fox@example.com',
      verified: false,
    });
  });
});
