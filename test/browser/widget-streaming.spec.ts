import type { BrowserContext, Page } from 'playwright-core';
import {
  BROWSER_TEST_TIMEOUT_MS,
  type WidgetStack,
  allowDemoOrigin,
  launcher,
  messageBox,
  panel,
  ReplyGate,
  DEFAULT_ADMIN,
  recordStreaming,
  screenshotPath,
  send,
  startWidgetStack,
  storedConversationId,
  storedSession,
  streamedPartials,
  until,
  watchPage,
} from './support/widget-harness';
import { GuardrailSettingsService } from '../../apps/conversation-service/src/guardrails/guardrail-settings.service';
import { MessagesService } from '../../apps/conversation-service/src/messages/messages.service';
import { Repositories } from '@neodesk/persistence';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

/** Whether the reply being written shows some of its text (past "writing…"). */
async function firstDeltaSeen(page: Page): Promise<boolean> {
  const busy = page.locator('li[aria-busy="true"] .nd-bubble');
  if ((await busy.count()) === 0) {
    return false;
  }
  const text = (await busy.first().textContent()) ?? '';
  return text !== '' && text !== 'writing…';
}

function streamingCount(page: Page): Promise<number> {
  return page.locator('li[aria-busy="true"]').count();
}

function pendingCount(page: Page): Promise<number> {
  return page.locator('.nd-msg--pending').count();
}

/** The header's connection line. */
async function connectionState(page: Page): Promise<string | undefined> {
  return (await panel(page).locator('.nd-connection').textContent()) ?? undefined;
}

describe('Web chat widget on the demo page, with a real worker', () => {
  let stack: WidgetStack;
  let context: BrowserContext;
  let workspaceId: string;
  let widgetKey: string;

  let gate: ReplyGate;

  beforeAll(async () => {
    stack = await startWidgetStack({ worker: true });
    workspaceId = await allowDemoOrigin(stack);
    widgetKey = await widgetKeyOf(stack, workspaceId);
    // These specs follow the widget through whole dialogues: the bundled model's unsure replies must not
    // hand them to a person (guardrails-confidence.spec.ts covers that).
    await stack.app.get(GuardrailSettingsService).update(workspaceId, { minTokenProbability: 0 });
    gate = await ReplyGate.open(stack, DEFAULT_ADMIN.email, DEFAULT_ADMIN.password);
  });

  afterAll(async () => {
    gate?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
  });

  afterEach(async () => {
    gate.release();
    await context.close();
  });

  it('should stream the bot reply token by token and end with exactly the stored message', async () => {
    const page = await context.newPage();
    const seen = watchPage(page);
    await page.goto(`${stack.origin}/`);
    await launcher(page).waitFor();
    await page.screenshot({ path: screenshotPath('01-closed-launcher') });

    await launcher(page).click();
    await messageBox(page).waitFor();
    await until(async () => (await connectionState(page)) === 'Online' || undefined, 'the connection');
    await page.screenshot({ path: screenshotPath('02-open-empty') });

    await recordStreaming(page);
    // Hold the reply after a few tokens so the screenshot shows it being written.
    const held = gate.holdAt(4);
    await send(page, 'Hello, where is my order?');
    await held;
    await until(async () => (await firstDeltaSeen(page)) || undefined, 'the text so far');
    await page.screenshot({ path: screenshotPath('03-streaming-reply') });
    gate.release();
    const conversationId = await storedConversationId(page, widgetKey);
    const stored = await until(async () => {
      const messages = await stack.app.get(MessagesService).page(workspaceId, conversationId, {});
      return messages.find((message) => message.author === 'bot');
    }, 'the stored bot reply');

    const botBubbles = panel(page).locator('.nd-msg--bot:not([aria-busy]) .nd-bubble');
    await until(async () => (await botBubbles.last().textContent()) === stored.text || undefined, 'the final text');
    const partials = (await streamedPartials(page)).filter((text) => text !== 'writing…');
    expect(new Set(partials).size).toBeGreaterThanOrEqual(3);
    for (const partial of partials) {
      expect(stored.text.startsWith(partial)).toBe(true);
    }
    // The greeting, then the reply: once.
    expect(await botBubbles.allTextContents()).toEqual([expect.any(String), stored.text]);
    await page.screenshot({ path: screenshotPath('04-reply-done') });
    expect(seen.errors).toEqual([]);
  });

  it('should show the history after a reload mid-reply and complete the reply once', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.origin}/`);
    await launcher(page).click();
    const held = gate.holdAt(2);
    await send(page, 'My package arrived damaged, what can I do?');
    await held;
    const conversationId = await storedConversationId(page, widgetKey);
    await page.reload();
    await launcher(page).click();
    // The customer's message and the reply so far are back, from the resume answer.
    await panel(page).getByText('My package arrived damaged, what can I do?').waitFor();
    await until(async () => (await firstDeltaSeen(page)) || undefined, 'the reply so far after the reload');
    gate.release();
    const stored = await until(async () => {
      const messages = await stack.app.get(MessagesService).page(workspaceId, conversationId, {});
      return messages.find((message) => message.author === 'bot');
    }, 'the stored bot reply');
    const botBubbles = panel(page).locator('.nd-msg--bot:not([aria-busy]) .nd-bubble');
    await until(
      async () => ((await botBubbles.count()) === 2 && (await streamingCount(page)) === 0) || undefined,
      'the end',
    );
    expect(await botBubbles.allTextContents()).toEqual([expect.any(String), stored.text]);
    const messages = await stack.app.get(MessagesService).page(workspaceId, conversationId, {});
    expect(messages.map((message) => message.author)).toEqual(['customer', 'bot']);
  });

  it('should queue messages typed offline and send each once, in order, when back online', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.origin}/`);
    await launcher(page).click();
    const held = gate.holdAt(2);
    await send(page, 'Do you ship to Canada?');
    await held;
    const conversationId = await storedConversationId(page, widgetKey);
    await context.setOffline(true);
    try {
      await until(async () => (await connectionState(page))?.startsWith('Offline') || undefined, 'the offline state');
      await send(page, 'Also, can I pay by card?');
      await send(page, 'Thanks in advance!');
      await panel(page).getByText('Waiting for connection').first().waitFor();
      await page.screenshot({ path: screenshotPath('05-offline-queued') });
      // The queue survives a reload too: it is kept in localStorage.
      const { outbox } = await storedSession(page, widgetKey);
      expect(outbox).toHaveLength(2);
    } finally {
      gate.release();
    }
    // The reply finishes on the server while the visitor is away.
    await until(async () => {
      const messages = await stack.app.get(MessagesService).page(workspaceId, conversationId, {});
      return messages.some((message) => message.author === 'bot') || undefined;
    }, 'the reply stored while offline');
    await context.setOffline(false);

    await until(
      async () => {
        const messages = await stack.app.get(MessagesService).page(workspaceId, conversationId, {});
        return messages.filter((message) => message.author === 'bot').length === 2 || undefined;
      },
      'the answer to the queued messages',
      60_000,
    );
    const messages = await stack.app.get(MessagesService).page(workspaceId, conversationId, {});
    expect(messages.map((message) => [message.author, message.author === 'customer' ? message.text : ''])).toEqual([
      ['customer', 'Do you ship to Canada?'],
      ['bot', ''],
      ['customer', 'Also, can I pay by card?'],
      ['customer', 'Thanks in advance!'],
      ['bot', ''],
    ]);
    // The page shows exactly what is stored: nothing twice, nothing missing, nothing pending.
    try {
      await until(
        async () => ((await streamingCount(page)) === 0 && (await pendingCount(page)) === 0) || undefined,
        'settled',
      );
    } finally {
      await page.screenshot({ path: screenshotPath('06-back-online') });
    }
    const shown = await panel(page).locator('.nd-msg:not(.nd-msg--pending) .nd-bubble').allTextContents();
    expect(shown.slice(1)).toEqual(messages.map((message) => message.text));
    await page.screenshot({ path: screenshotPath('06-back-online') });
  });
});

async function widgetKeyOf(stack: WidgetStack, workspaceId: string): Promise<string> {
  const workspace = await stack.app.get(Repositories).workspaces.findOldest();
  if (workspace === null || workspace.id !== workspaceId) {
    throw new Error('default workspace changed');
  }
  return workspace.widgetKey;
}
