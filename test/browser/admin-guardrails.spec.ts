import type { GuardrailSettingsDto } from '@neodesk/contracts';
import type { BrowserContext } from 'playwright-core';
import request from 'supertest';
import { baseUrl } from '../support/realtime-clients';
import { ScriptedWorker } from '../support/scripted-worker';
import { TEST_WORKER_TOKEN } from '../support/worker-process';
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
  visitor,
  visitorSays,
  watchPage,
} from './support/dashboard-harness';

jest.setTimeout(DASHBOARD_TEST_TIMEOUT_MS);

async function savedGuardrails(stack: DashboardStack, tenant: DashboardTenant): Promise<GuardrailSettingsDto> {
  const response = await request(stack.app.getHttpServer())
    .get('/api/v1/guardrails')
    .auth(tenant.admin.login.accessToken, { type: 'bearer' })
    .expect(200);
  return response.body as GuardrailSettingsDto;
}

describe('Admin: guardrail settings and decisions in the transcript, in the real browser', () => {
  let stack: DashboardStack;
  let worker: ScriptedWorker;
  let context: BrowserContext;
  let tenant: DashboardTenant;

  beforeAll(async () => {
    stack = await startDashboardStack({ worker: false, env: { BOT_REPLY_WAIT_MS: '20000' } });
    worker = new ScriptedWorker(baseUrl(stack.app), TEST_WORKER_TOKEN);
    await worker.register('guardrails-browser');
  });

  afterAll(async () => {
    worker?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    tenant = await dashboardTenant(stack.app);
    context = await newContext(stack, { height: 1000 });
  });

  afterEach(async () => {
    await context.close();
  });

  it('should edit every kind of setting, refuse bad entries, warn about unsaved changes, and save them for the API', async () => {
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.admin, '/admin/settings');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Guardrails' }).click();
    await page.getByRole('heading', { name: 'Guardrails', level: 1 }).waitFor();
    for (const section of ['Reply checks', 'Confidence handoff', 'Customer input', 'Personal data']) {
      await page.getByRole('heading', { name: section, level: 2 }).waitFor();
    }
    const save = page.getByRole('button', { name: 'Save changes' });
    expect(await save.isDisabled()).toBe(true);

    // A list entry: added with Enter, refused when it repeats.
    const blocked = page.getByLabel('New blocked term');
    await blocked.fill('Competitor X');
    await blocked.press('Enter');
    await page.getByRole('list', { name: 'Blocked terms' }).getByText('Competitor X').waitFor();
    await blocked.fill('competitor x');
    await page.getByRole('button', { name: 'Add blocked term' }).click();
    await page.getByText('“competitor x” is already in the list.').waitFor();
    expect(await blocked.getAttribute('aria-invalid')).toBe('true');

    // Domains as the API takes them: a bare name, lowercased.
    const domain = page.getByLabel('New allowed link domain');
    await domain.fill('https://help.example.com/faq');
    await domain.press('Enter');
    await page.getByText('Enter a domain name such as example.com (no https://, no path).').waitFor();
    await domain.fill('Help.Example.com');
    await domain.press('Enter');
    await page.getByRole('list', { name: 'Allowed link domains' }).getByText('help.example.com').waitFor();

    // A forbidden promise removed, a number out of range refused, switches turned.
    await page.getByRole('button', { name: 'Remove “legal advice”' }).click();
    const longest = page.getByLabel(/Longest reply, in characters/u);
    await longest.fill('20');
    await page.getByText('Must be from 50 to 8000.').waitFor();
    expect(await save.isDisabled()).toBe(true);
    await longest.fill('600');
    await page.getByLabel('Stop looping replies').uncheck();
    await page.getByLabel('Mask personal data in webhook payloads').check();
    await page.getByLabel(/Least single word probability/u).fill('0.05');
    await page.getByLabel('Safe fallback message').fill('One moment: a person will answer here.');

    // Leaving with unsaved changes asks first.
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Bot' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Stay on this page' }).click();
    expect(await page.getByLabel('Safe fallback message').inputValue()).toBe('One moment: a person will answer here.');

    expect(await accessibilityViolations(page)).toEqual([]);
    await save.click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    const saved = await savedGuardrails(stack, tenant);
    expect(saved).toMatchObject({
      blockedTerms: ['Competitor X'],
      allowedLinkDomains: ['help.example.com'],
      maxReplyCharacters: 600,
      stopRepetition: false,
      redactPiiInWebhooks: true,
      minTokenProbability: 0.05,
      safeFallbackMessage: 'One moment: a person will answer here.',
    });
    expect(saved.forbiddenPromises).not.toContain('legal advice');

    // The round trip: a fresh load shows what was saved.
    await page.reload();
    await page.getByRole('heading', { name: 'Guardrails', level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Blocked terms' }).getByText('Competitor X').waitFor();
    expect(await page.getByLabel(/Longest reply, in characters/u).inputValue()).toBe('600');
    expect(await page.getByLabel('Stop looping replies').isChecked()).toBe(false);
    expect(seen.errors).toEqual([]);

    for (const dark of [false, true]) {
      const shot = await newContext(stack, { dark, height: 2400 });
      const shotPage = await shot.newPage();
      await signIn(shotPage, stack, tenant.admin, '/admin/settings/guardrails');
      await shotPage.getByRole('button', { name: 'Save changes' }).waitFor();
      expect(await accessibilityViolations(shotPage)).toEqual([]);
      await shotPage.screenshot({ path: screenshotPath(`guardrails-settings-${dark ? 'dark' : 'light'}`) });
      await shot.close();
    }
  });

  it('should show a guardrail decision live in the open conversation, to the agent only', async () => {
    const customer = await visitor(stack, tenant);
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.agent, `/admin/inbox/all/${customer.conversationId}`);
    await page.getByRole('log', { name: 'Transcript' }).waitFor();

    const job = worker.nextJob();
    await visitorSays(customer.socket, customer.conversationId, 'Can I get my money back?');
    const assigned = await job;
    ['Good news: ', 'I have ', 'checked, ', 'and I have ', 'refunded ', 'your order ', 'today.'].forEach(
      (text, index) => worker.delta(assigned, index, text),
    );

    const notice = page.getByRole('listitem', { name: 'Guardrail: reply check, forbidden promise' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain(
      'Reply check: forbidden promise — “I have refunded” — reply replaced, handed to a person',
    );
    await page
      .getByRole('log', { name: 'Transcript' })
      .getByText("Sorry, I can't answer that one properly.", { exact: false })
      .waitFor();
    // Placed by time: the customer's question, the notice, then the fallback that replaced the reply.
    const items = await page.locator('.transcript__list > li').allInnerTexts();
    const order = ['Can I get my money back?', 'Reply check: forbidden promise', "Sorry, I can't answer"].map((text) =>
      items.findIndex((item) => item.includes(text)),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.every((index) => index >= 0)).toBe(true);
    // The visitor saw neither the promise nor its first word.
    expect(customer.tokens.join('')).toBe('Good news: I have checked, and ');
    expect(customer.received.map((message) => message.text).join('\n')).not.toContain('Reply check');

    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('guardrails-decision-light') });
    expect(seen.errors).toEqual([]);

    // Loaded with the conversation too (not only live), and readable in the dark theme.
    const dark = await newContext(stack, { dark: true });
    const darkPage = await dark.newPage();
    await signIn(darkPage, stack, tenant.colleague, `/admin/inbox/all/${customer.conversationId}`);
    await darkPage.getByRole('listitem', { name: 'Guardrail: reply check, forbidden promise' }).waitFor();
    expect(await accessibilityViolations(darkPage)).toEqual([]);
    await darkPage.screenshot({ path: screenshotPath('guardrails-decision-dark') });
    await dark.close();
  });
});
