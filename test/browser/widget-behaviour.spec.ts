import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { type AgentSocket, type Tenant, loginAgent, ready } from '../support/realtime-clients';
import { io } from 'socket.io-client';
import { WidgetSettingsService } from '../../apps/conversation-service/src/widget-settings/widget-settings.service';
import { pixelDifference } from './support/png-diff';
import {
  BROWSER_TEST_TIMEOUT_MS,
  PageServer,
  hasFocus,
  type WidgetStack,
  launcher,
  messageBox,
  openHostPage,
  panel,
  screenshotPath,
  send,
  startWidgetStack,
  storedConversationId,
  storedMessages,
  storedSession,
  until,
  watchPage,
  widgetTenant,
} from './support/widget-harness';

jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

describe('Web chat widget: handoff, satisfaction, safety, keyboard and accessibility', () => {
  let stack: WidgetStack;
  let context: BrowserContext;
  const agents: AgentSocket[] = [];

  beforeAll(async () => {
    // No worker: these cases are about people, pages and policies; the bot's fallback is not involved
    // because each conversation goes to a person (or is only opened) before any bot reply is needed.
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

  async function connectAgent(tenant: Tenant): Promise<{ socket: AgentSocket; token: string }> {
    const login = await loginAgent(stack.app, tenant.agentEmail);
    const socket: AgentSocket = io(`${stack.origin}/agent`, {
      transports: ['websocket'],
      auth: { token: login.accessToken },
      forceNew: true,
    });
    agents.push(socket);
    await ready(socket);
    return { socket, token: login.accessToken };
  }

  async function openWidget(page: Page): Promise<void> {
    await launcher(page).click();
    await messageBox(page).waitFor();
  }

  it('should hand off to a person, show the agent by name, and ask for satisfaction after resolve', async () => {
    const tenant = await widgetTenant(stack);
    const page = await openHostPage(context, stack, { widgetKey: tenant.workspace.widgetKey });
    const seen = watchPage(page);
    await openWidget(page);
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await panel(page).getByText('Connecting you to a person').waitFor();
    await page.screenshot({ path: screenshotPath('07-handoff-notice') });
    expect(await page.getByRole('button', { name: 'Talk to a person' }).count()).toBe(0);

    const conversationId = await storedConversationId(page, tenant.workspace.widgetKey);
    const agent = await connectAgent(tenant);
    agent.socket.emit('typing', { conversationId, isTyping: true });
    await panel(page).getByText('Someone from our team is typing…').waitFor();
    const reply = await agent.socket.emitWithAck('message:send', {
      conversationId,
      clientMessageId: 'agent-1',
      text: 'Hi, Dana here. See https://example.com/orders for your order.',
    });
    expect(reply.ok).toBe(true);
    const agentMessage = panel(page).locator('.nd-msg--agent');
    await agentMessage.waitFor();
    // The agent's display name (the test agent is called "Agent"), and a safe link.
    expect(await agentMessage.locator('.nd-author').textContent()).toBe('Agent');
    const link = agentMessage.getByRole('link', { name: 'https://example.com/orders' });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');

    // The visitor answers: a person owns the conversation, so the bot stays silent.
    await send(page, 'Thank you!');
    await until(
      async () =>
        (await storedMessages(stack, tenant, conversationId)).some((m) => m.text === 'Thank you!') || undefined,
      'the visitor message',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const authors = (await storedMessages(stack, tenant, conversationId)).map((message) => message.author);
    expect(authors).toEqual(['agent', 'customer']);

    const resolved = await agent.socket.emitWithAck('conversation:resolve', { conversationId });
    expect(resolved.ok).toBe(true);
    await page.getByRole('group', { name: 'How would you rate this conversation?' }).waitFor();
    await page.screenshot({ path: screenshotPath('08-satisfaction-question') });
    // The radios are drawn as numbered tiles: click the tile, as a person would.
    await panel(page).locator('label.nd-score', { hasText: '4' }).click();
    expect(await page.getByRole('radio', { name: '4 out of 5' }).isChecked()).toBe(true);
    await page.getByRole('textbox', { name: 'Anything to add? (optional)' }).fill('Quick and kind 🙂');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await panel(page).getByText('Thank you for your rating!').waitFor();

    const stored = await request(stack.app.getHttpServer())
      .get(`/api/v1/conversations/${conversationId}/satisfaction`)
      .set('authorization', `Bearer ${agent.token}`)
      .expect(200);
    expect(stored.body).toMatchObject({ conversationId, score: 4, comment: 'Quick and kind 🙂' });
    expect(seen.errors).toEqual([]);
  });

  it('should look and work the same on a hostile page (CSS restyling every element, strict CSP)', async () => {
    const tenant = await widgetTenant(stack);
    const hostileCss = [
      '* { all: unset !important; display: block !important; position: static !important; color: #f0f !important;',
      "  background: #ff0 !important; font: italic 31px/3 'Comic Sans MS', cursive !important; letter-spacing: 3px !important;",
      '  border: 6px dashed #0a0 !important; padding: 9px !important; margin: 7px !important;',
      '  box-shadow: 0 0 40px red !important; text-transform: uppercase !important; --nd-brand: #f00; }',
      'html { font-size: 7px !important; } head, script, style, title { display: none !important; }',
      'neodesk-widget, div, button, section, textarea { display: none !important; visibility: hidden !important; }',
    ].join('\n');
    const cssUrl = stack.site.serve('/hostile.css', hostileCss, { 'content-type': 'text/css' });
    const shots: Buffer[] = [];
    for (const head of ['', `<link rel="stylesheet" href="${cssUrl}">`]) {
      // A visitor each, so both panels show the same (empty) conversation.
      const visitor = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await openHostPage(visitor, stack, { widgetKey: tenant.workspace.widgetKey, head });
      const seen = watchPage(page);
      await openWidget(page);
      await until(async () => (await page.locator('.nd-connection').textContent()) === 'Online' || undefined, 'online');
      // The panel's own pixels, and the middle of the launcher (around them is the page, which differs).
      const box = await panel(page).boundingBox();
      const button = await page.getByRole('button', { name: 'Close chat' }).last().boundingBox();
      if (box === null || button === null) {
        throw new Error('the widget has no box');
      }
      shots.push(await page.screenshot({ clip: box }));
      shots.push(
        await page.screenshot({
          clip: { x: button.x + 12, y: button.y + 12, width: button.width - 24, height: button.height - 24 },
        }),
      );
      await page.screenshot({ path: screenshotPath(head === '' ? '12-plain-page' : '12-hostile-page') });
      // And it works: a message goes through.
      await send(page, head === '' ? 'From a plain page' : 'From a hostile page');
      await panel(page).locator('.nd-msg--customer:not(.nd-msg--pending)').waitFor();
      expect(seen.errors).toEqual([]);
      await visitor.close();
    }
    expect(pixelDifference(shots[0], shots[2])).toBeLessThan(0.01);
    expect(pixelDifference(shots[1], shots[3])).toBeLessThan(0.01);
  });

  it('should show markup typed by the visitor as text and run nothing', async () => {
    const tenant = await widgetTenant(stack);
    const page = await openHostPage(context, stack, { widgetKey: tenant.workspace.widgetKey });
    const seen = watchPage(page);
    await openWidget(page);
    const hostile = '<img src=x onerror=alert(1)> <script>alert(2)</script> مرحبا 👋';
    await send(page, hostile);
    const bubble = panel(page).locator('.nd-msg--customer:not(.nd-msg--pending) .nd-bubble');
    await bubble.waitFor();
    expect(await bubble.textContent()).toBe(hostile);
    expect(await bubble.getAttribute('dir')).toBe('auto');
    expect(await panel(page).locator('img').count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
  });

  it('should be usable with the keyboard alone: open, type, send, Escape, focus back on the launcher', async () => {
    const tenant = await widgetTenant(stack);
    const page = await openHostPage(context, stack, {
      widgetKey: tenant.workspace.widgetKey,
      body: '<main><h1>Shop</h1><a href="#top">First link</a></main>',
    });
    await launcher(page).waitFor();
    await page.keyboard.press('Tab'); // the page's link
    await page.keyboard.press('Tab'); // the launcher
    expect(await hasFocus(launcher(page))).toBe(true);
    await page.keyboard.press('Enter');
    await until(async () => (await hasFocus(messageBox(page))) || undefined, 'focus in the message box');
    await page.keyboard.type('Typed with the keyboard');
    await page.keyboard.press('Enter');
    await panel(page).locator('.nd-msg--customer:not(.nd-msg--pending)').getByText('Typed with the keyboard').waitFor();
    await page.keyboard.press('Escape');
    await until(async () => (await panel(page).isHidden()) || undefined, 'the panel to close');
    const focused = page.getByRole('button', { name: /chat with us/i });
    expect(await hasFocus(focused)).toBe(true);
    expect(await focused.getAttribute('aria-expanded')).toBe('false');
  });

  for (const { scheme, lang } of [
    { scheme: 'light', lang: 'en' },
    { scheme: 'dark', lang: 'en' },
    { scheme: 'light', lang: 'ar' },
    { scheme: 'dark', lang: 'ar' },
  ] as const) {
    it(`should have no axe violations in the open widget (${scheme}, ${lang})`, async () => {
      const tenant = await widgetTenant(stack);
      const themed = await stack.browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 800 } });
      try {
        const page = await openHostPage(themed, stack, { widgetKey: tenant.workspace.widgetKey, lang });
        await launcher(page, /.+/).click();
        await page.getByRole('dialog').waitFor();
        await send(page, lang === 'ar' ? 'مرحبا، أين طلبي؟' : 'Hello there');
        await page.locator('.nd-msg--customer:not(.nd-msg--pending)').waitFor();
        if (lang === 'ar') {
          expect(await page.locator('.nd-root').getAttribute('dir')).toBe('rtl');
        }
        await page.screenshot({ path: screenshotPath(`09-axe-${scheme}-${lang}`) });
        const results = await new AxeBuilder({ page }).include('neodesk-widget').analyze();
        expect(
          results.violations.map(
            (violation) => `${violation.id}: ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          ),
        ).toEqual([]);
      } finally {
        await themed.close();
      }
    });
  }

  it('should switch language live with setLocale and lay Arabic out right to left', async () => {
    const tenant = await widgetTenant(stack);
    const page = await openHostPage(context, stack, { widgetKey: tenant.workspace.widgetKey });
    await openWidget(page);
    await page.evaluate('window.Neodesk.setLocale("fr")');
    await page.getByRole('button', { name: 'Parler à une personne' }).waitFor();
    await page.evaluate('window.Neodesk.setLocale("ar")');
    await page.getByRole('button', { name: 'التحدث إلى شخص' }).waitFor();
    expect(await page.locator('.nd-root').getAttribute('dir')).toBe('rtl');
    await page.screenshot({ path: screenshotPath('10-rtl-arabic') });
  });

  it('should fill a phone screen and keep the message box in view', async () => {
    const tenant = await widgetTenant(stack);
    const phone = await stack.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const page = await openHostPage(phone, stack, { widgetKey: tenant.workspace.widgetKey });
      await launcher(page).click();
      await messageBox(page).waitFor();
      const box = await page.getByRole('dialog').boundingBox();
      expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
      const input = await messageBox(page).boundingBox();
      expect((input?.y ?? 0) + (input?.height ?? 0)).toBeLessThanOrEqual(844);
      await page.screenshot({ path: screenshotPath('11-mobile-390x844') });
    } finally {
      await phone.close();
    }
  });

  it("should give a visitor with another visitor's id and no valid token nothing of theirs", async () => {
    const tenant = await widgetTenant(stack);
    const victimPage = await openHostPage(context, stack, { widgetKey: tenant.workspace.widgetKey });
    await openWidget(victimPage);
    await send(victimPage, 'My secret order number is 4711');
    await victimPage.locator('.nd-msg--customer:not(.nd-msg--pending)').waitFor();
    const victim = await storedSession(victimPage, tenant.workspace.widgetKey);

    // Another browser claims the victim's visitor id with a forged token.
    const attacker = await stack.browser.newContext();
    try {
      const page = await attacker.newPage();
      await page.goto(stack.site.serve('/blank.html', '<!doctype html><title>blank</title>'));
      await page.evaluate(
        `localStorage.setItem(${JSON.stringify(`neodesk:${tenant.workspace.widgetKey}`)}, ${JSON.stringify(
          JSON.stringify({
            visitorId: victim.visitorId,
            visitorToken: 'v1.forged.token',
            conversationId: victim.conversationId,
            outbox: [],
            rated: [],
          }),
        )})`,
      );
      const attackerPage = await openHostPage(attacker, stack, { widgetKey: tenant.workspace.widgetKey });
      await openWidget(attackerPage);
      await until(
        async () => (await attackerPage.locator('.nd-connection').textContent()) === 'Online' || undefined,
        'a fresh session',
      );
      expect(await attackerPage.getByText('My secret order number is 4711').count()).toBe(0);
      const session = await storedSession(attackerPage, tenant.workspace.widgetKey);
      expect(session.visitorId).not.toBe(victim.visitorId);
      expect(session.conversationId).not.toBe(victim.conversationId);
    } finally {
      await attacker.close();
    }
  });

  it("should first show the launcher in the workspace's colour, side and label, even when its config is slow", async () => {
    const tenant = await widgetTenant(stack);
    await stack.app
      .get(WidgetSettingsService)
      .update(tenant.workspace.id, { color: '#7a1fa2', position: 'left', launcherLabel: 'Ask Ada' });
    await context.route('**/api/v1/widget/config?*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    // Every animation frame, until the launcher is first seen: its colour, side and name at that moment.
    await context.addInitScript(`
      const look = () => {
        const button = document.querySelector('neodesk-widget')?.shadowRoot?.querySelector('.nd-launcher');
        if (button && button.getBoundingClientRect().width > 0 && getComputedStyle(button).visibility === 'visible') {
          const box = button.getBoundingClientRect();
          window.__firstLauncher = {
            background: getComputedStyle(button).backgroundColor,
            left: box.left < window.innerWidth / 2,
            label: button.getAttribute('aria-label') || button.textContent.trim(),
          };
          return;
        }
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    `);
    const page = await openHostPage(context, stack, { widgetKey: tenant.workspace.widgetKey });
    await launcher(page, /ask ada/i).waitFor({ state: 'visible' });
    // The config was held back 800 ms; what the visitor saw first is the workspace's look, not the defaults.
    const first = await page.evaluate('window.__firstLauncher');
    expect(first).toEqual({ background: 'rgb(122, 31, 162)', left: true, label: 'Ask Ada' });
  });

  it('should give a page outside the allowed origins no session', async () => {
    const tenant = await widgetTenant(stack);
    const evil = await PageServer.start();
    const page = await openHostPage(context, stack, { widgetKey: tenant.workspace.widgetKey, site: evil });
    const sessions: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/v1/widget/sessions')) {
        sessions.push(response.status());
      }
    });
    // The config is refused, so the widget removes its launcher and never asks for a session.
    await until(
      async () => (await page.locator('neodesk-widget').count()) === 0 || undefined,
      'the widget to stand down',
    );
    expect(sessions.filter((status) => status === 201)).toEqual([]);
    const evilOrigin = evil.origin;
    await evil.close();
    const direct = await request(stack.app.getHttpServer())
      .post('/api/v1/widget/sessions')
      .set('origin', evilOrigin)
      .send({ widgetKey: tenant.workspace.widgetKey });
    expect(direct.status).toBe(403);
  });
});
