import type { BrowserContext, Page } from 'playwright-core';
import { ScriptedWorker } from '../support/scripted-worker';
import { TEST_WORKER_TOKEN } from '../support/worker-process';
import {
  DASHBOARD_TEST_TIMEOUT_MS,
  type DashboardStack,
  type DashboardTenant,
  accessibilityViolations,
  dashboardTenant,
  newContext,
  row,
  screenshotPath,
  signIn,
  startDashboardStack,
  until,
  visitor,
  visitorSays,
  watchPage,
} from './support/dashboard-harness';

jest.setTimeout(DASHBOARD_TEST_TIMEOUT_MS);

const HOSTILE = 'Where is my shipping label? <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';

/** The inbox rows in the order shown, by conversation id. */
function rowOrder(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(
    "[...document.querySelectorAll('.conversation-list > li')].map((item) => item.getAttribute('data-conversation-id'))",
  );
}

/** The document's laid-out width: wider than the viewport means a sideways scroll. */
function pageWidth(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth');
}

describe('Agent dashboard: the live inbox', () => {
  let stack: DashboardStack;
  let worker: ScriptedWorker;
  let context: BrowserContext;
  let tenant: DashboardTenant;

  beforeAll(async () => {
    stack = await startDashboardStack({ worker: false });
    // A worker that accepts every reply and never writes it: conversations stay with the bot, quietly.
    worker = new ScriptedWorker(stack.origin, TEST_WORKER_TOKEN);
    await worker.register('silent', 64);
  });

  afterAll(async () => {
    worker?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    tenant = await dashboardTenant(stack.app);
    context = await newContext(stack);
  });

  afterEach(async () => {
    await context.close();
  });

  it('should show a new conversation without a reload, with markup in messages shown as text everywhere', async () => {
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.agent, '/admin/inbox/all');
    await page.getByText('No conversations yet').waitFor();
    await page.screenshot({ path: screenshotPath('01-inbox-empty') });

    const customer = await visitor(stack, tenant);
    await visitorSays(customer.socket, customer.conversationId, HOSTILE);
    const listed = row(page, customer.conversationId);
    await listed.getByText(HOSTILE).waitFor();
    expect(await listed.locator('img, script').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('02-inbox-live-row') });

    await listed.getByRole('link').click();
    await page.getByRole('log', { name: 'Transcript' }).getByText(HOSTILE).waitFor();
    expect(await page.locator('.transcript img, .transcript script').count()).toBe(0);

    await page.getByRole('searchbox', { name: 'Search messages' }).fill('shipping');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const result = row(page, customer.conversationId);
    await result.locator('mark', { hasText: /^shipping$/i }).waitFor();
    expect(await result.locator('.row__preview').textContent()).toBe(HOSTILE);
    expect(await result.locator('img, script').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('03-search') });
    await result.getByRole('link').click();
    await page.locator('.message--focused').getByText(HOSTILE).waitFor();

    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(seen.errors).toEqual([]);
  });

  it('should move a conversation handed over by phrase to the top, highlighted, and count it in the title', async () => {
    const first = await visitor(stack, tenant);
    await visitorSays(first.socket, first.conversationId, 'Hello, I have a question about my order');
    const second = await visitor(stack, tenant);
    await visitorSays(second.socket, second.conversationId, 'Do you ship to Norway?');

    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, '/admin/inbox/all');
    await until(async () => (await rowOrder(page)).length === 2 || undefined, 'both rows');
    expect(await rowOrder(page)).toEqual([second.conversationId, first.conversationId]);
    expect(await page.title()).toBe('Neodesk');
    const waitingCount = page
      .getByRole('navigation', { name: 'Inbox views' })
      .getByRole('link', { name: /Waiting for a person/ });
    await waitingCount.getByText('0').waitFor();

    await visitorSays(first.socket, first.conversationId, 'This is not helping, I want to talk to a human');
    await until(
      async () => (await rowOrder(page))[0] === first.conversationId || undefined,
      'the handed-over row on top',
    );
    const moved = row(page, first.conversationId);
    await moved.getByText('New handoff').waitFor();
    expect(await moved.getAttribute('class')).toContain('row--handoff');
    await moved.getByText('Waiting for a person').waitFor();
    await until(async () => (await page.title()) === '(1) Neodesk' || undefined, 'the title count');
    await waitingCount.getByText('1').waitFor();
    await page.screenshot({ path: screenshotPath('04-handoff-highlight') });

    // Opening it clears the highlight; the waiting view lists it.
    await moved.getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: /^Visitor / }).waitFor();
    await until(async () => ((await moved.getAttribute('class')) ?? '').includes('row--handoff') === false, 'seen');
    await waitingCount.click();
    // The All view's rows stay until the Waiting view's list has loaded: wait for that list, not for a row.
    await until(
      async () => (await rowOrder(page)).join() === first.conversationId || undefined,
      'the waiting view listing only the handed-over conversation',
    );
  });

  it('should show every conversation and message once after the page was offline while two visitors wrote', async () => {
    const known = await visitor(stack, tenant);
    await visitorSays(known.socket, known.conversationId, 'First question');
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.agent, `/admin/inbox/all/${known.conversationId}`);
    const transcript = page.getByRole('log', { name: 'Transcript' });
    await transcript.getByText('First question').waitFor();

    await context.setOffline(true);
    await page.getByText(/Offline: live updates paused/).waitFor();
    await visitorSays(known.socket, known.conversationId, 'Second question, sent while you were away');
    await visitorSays(known.socket, known.conversationId, 'Third question');
    const newcomer = await visitor(stack, tenant);
    await visitorSays(newcomer.socket, newcomer.conversationId, 'A newcomer writes while you are offline');
    await page.screenshot({ path: screenshotPath('05-offline') });
    await context.setOffline(false);

    await transcript.getByText('Third question').waitFor({ timeout: 30_000 });
    await row(page, newcomer.conversationId).getByText('A newcomer writes while you are offline').waitFor();
    for (const text of ['First question', 'Second question, sent while you were away', 'Third question']) {
      expect(await transcript.getByText(text, { exact: true }).count()).toBe(1);
    }
    expect(await row(page, known.conversationId).count()).toBe(1);
    expect(await row(page, newcomer.conversationId).count()).toBe(1);
    await row(page, known.conversationId).getByText('Third question').waitFor();
    expect(seen.errors).toEqual([]);
  });

  it('should keep agents out of admin pages, by the menu and by address', async () => {
    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, '/admin/inbox/mine');
    await page.getByRole('heading', { name: 'Mine' }).waitFor();
    for (const name of ['Live', 'Reports', 'Settings', 'Canned replies']) {
      expect(await page.getByRole('link', { name, exact: true }).count()).toBe(0);
    }
    for (const address of ['settings/canned-replies', 'settings/api-keys', 'settings/users', 'reports', 'operations']) {
      await page.goto(`${stack.origin}/admin/${address}`);
      await page.getByRole('heading', { name: 'Admins only' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Settings' }).count()).toBe(0);
    }
    expect(await page.getByRole('heading', { name: 'New canned reply' }).count()).toBe(0);

    const adminPage = await (await newContext(stack)).newPage();
    await signIn(adminPage, stack, tenant.admin, '/admin/inbox/mine');
    await adminPage.getByRole('link', { name: 'Settings', exact: true }).click();
    await adminPage.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Canned replies' }).click();
    await adminPage.getByRole('heading', { name: 'New canned reply' }).waitFor();
    await adminPage.close();
  });

  it('should send an expired session to the login page and back to where it was', async () => {
    const customer = await visitor(stack, tenant);
    await visitorSays(customer.socket, customer.conversationId, 'Is anyone there?');
    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, '/admin/inbox/all');
    // The login is over: the access token expired and its refresh token was used elsewhere.
    await page.evaluate(`(() => {
      const key = 'neodesk:admin:session';
      const session = JSON.parse(localStorage.getItem(key) ?? '{}');
      localStorage.setItem(
        key,
        JSON.stringify({ ...session, accessToken: 'v1.expired.token', refreshToken: 'ndr_used', accessExpiresAt: 0 }),
      );
    })()`);
    const target = `/admin/inbox/all/${customer.conversationId}`;
    await page.goto(`${stack.origin}${target}`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.screenshot({ path: screenshotPath('00-login') });
    expect(new URL(page.url()).searchParams.get('next')).toBe(target.replace('/admin', ''));
    await page.getByLabel('E-mail').fill(tenant.agent.email);
    await page.getByLabel('Password').fill('dashboard password 123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('log', { name: 'Transcript' }).getByText('Is anyone there?').waitFor();
    expect(new URL(page.url()).pathname).toBe(target);
  });

  it('should list the keyboard shortcuts under ? and act on j and t', async () => {
    const customer = await visitor(stack, tenant);
    await visitorSays(customer.socket, customer.conversationId, 'Can someone help me?');
    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, '/admin/inbox/all');
    await row(page, customer.conversationId).waitFor();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.getByRole('cell', { name: 'Take over the conversation' }).waitFor();
    await page.screenshot({ path: screenshotPath('11-shortcuts') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.keyboard.press('j');
    await page.getByRole('log', { name: 'Transcript' }).getByText('Can someone help me?').waitFor();
    await page.keyboard.press('t');
    await page.locator('.conversation__who').getByText('With a person').waitFor();
  });

  it("should show who the visitor says they are, and give the bot's conversation to a colleague with a label", async () => {
    const customer = await visitor(stack, tenant);
    await visitorSays(customer.socket, customer.conversationId, 'I need help with an invoice');
    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, `/admin/inbox/all/${customer.conversationId}`);
    await page.getByRole('log', { name: 'Transcript' }).getByText('I need help with an invoice').waitFor();
    // The visitor says who they are (no identity secret: unverified); the panel and the row follow live.
    const identified = await customer.socket.emitWithAck('visitor:identify', {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    expect(identified.ok).toBe(true);
    const details = page.getByRole('complementary', { name: 'Customer details' });
    await details.getByText('ada@example.com').waitFor();
    await details.getByText('Not verified').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Ada Lovelace' }).waitFor();
    await row(page, customer.conversationId).getByText('Ada Lovelace').waitFor();
    await page.getByRole('combobox', { name: 'Assignee' }).selectOption({ label: 'Lin Colleague' });
    await page.locator('.conversation__who').getByText('With a person').waitFor();
    await page.getByRole('textbox', { name: 'New label' }).fill('billing');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove label billing' }).waitFor();
    await row(page, customer.conversationId).getByText('billing').waitFor();

    const colleagueContext = await newContext(stack);
    const colleague = await colleagueContext.newPage();
    await signIn(colleague, stack, tenant.colleague, '/admin/inbox/mine');
    await row(colleague, customer.conversationId).getByText('With a person').waitFor();
    await colleagueContext.close();
  });

  it('should show colleagues online and away, and gone when they close the dashboard', async () => {
    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, '/admin/inbox/mine');
    const team = page.getByRole('region', { name: 'Team' });
    await team.getByText('Nobody else right now.').waitFor();

    const colleagueContext = await newContext(stack);
    const colleague = await colleagueContext.newPage();
    await signIn(colleague, stack, tenant.colleague, '/admin/inbox/mine');
    const member = team.getByRole('listitem').filter({ hasText: 'Lin Colleague' });
    await member.getByText('online', { exact: true }).waitFor();
    await colleague.getByRole('region', { name: 'Team' }).getByText('Grace Hopper').waitFor();

    await colleague.getByRole('button', { name: 'Your status: Online' }).click();
    await colleague.getByRole('button', { name: 'Your status: Away' }).waitFor();
    await member.getByText('away', { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('10-presence') });
    await colleagueContext.close();
    await team.getByText('Nobody else right now.').waitFor();
  });

  it('should pass axe-core on the inbox and the conversation view, light and dark, and fit 390 px', async () => {
    const customer = await visitor(stack, tenant);
    await visitorSays(customer.socket, customer.conversationId, 'My parcel arrived damaged, what can I do?');
    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, '/admin/inbox/all');
    await row(page, customer.conversationId).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await row(page, customer.conversationId).getByRole('link').click();
    await page.getByRole('log', { name: 'Transcript' }).getByText('My parcel arrived damaged').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('06-conversation-light') });

    const dark = await newContext(stack, { dark: true });
    const darkPage = await dark.newPage();
    await signIn(darkPage, stack, tenant.agent, `/admin/inbox/all/${customer.conversationId}`);
    await darkPage.getByRole('log', { name: 'Transcript' }).getByText('My parcel arrived damaged').waitFor();
    expect(await accessibilityViolations(darkPage)).toEqual([]);
    await darkPage.screenshot({ path: screenshotPath('07-conversation-dark') });
    await dark.close();

    const phone = await newContext(stack, { width: 390, height: 844 });
    const phonePage = await phone.newPage();
    await signIn(phonePage, stack, tenant.agent, '/admin/inbox/all');
    await row(phonePage, customer.conversationId).waitFor();
    await phonePage.screenshot({ path: screenshotPath('08-phone-inbox') });
    expect(await pageWidth(phonePage)).toBeLessThanOrEqual(390);
    await row(phonePage, customer.conversationId).getByRole('link').click();
    await phonePage.getByRole('log', { name: 'Transcript' }).getByText('My parcel arrived damaged').waitFor();
    expect(await pageWidth(phonePage)).toBeLessThanOrEqual(390);
    expect(await accessibilityViolations(phonePage)).toEqual([]);
    await phonePage.screenshot({ path: screenshotPath('09-phone-conversation') });
    await phonePage.getByRole('link', { name: 'Back' }).click();
    await row(phonePage, customer.conversationId).waitFor();
    await phone.close();
  });
});
