import type { BotSettingsDto, WorkspaceSettingsDto } from '@neodesk/contracts';
import type { BrowserContext } from 'playwright-core';
import request from 'supertest';
import { WorkspacesService } from '../../apps/conversation-service/src/workspaces/workspaces.service';
import { baseUrl } from '../support/realtime-clients';
import { ScriptedWorker } from '../support/scripted-worker';
import type { ServiceProcess } from '../support/service-process';
import { TEST_WORKER_TOKEN, startWorker, workersRegistered } from '../support/worker-process';
import {
  DASHBOARD_TEST_TIMEOUT_MS,
  type DashboardStack,
  type DashboardTenant,
  SITE_ORIGIN,
  accessibilityViolations,
  dashboardTenant,
  newContext,
  screenshotPath,
  signIn,
  startDashboardStack,
  until,
  watchPage,
} from './support/dashboard-harness';
import { PageServer, launcher, panel, send, strictCsp } from './support/widget-harness';

// The real model loads in 30-60 s on one CPU thread, then writes a reply.
jest.setTimeout(DASHBOARD_TEST_TIMEOUT_MS + 120_000);

let pageCounter = 0;

/** Drops an attribute in the page (typed structurally: no DOM lib here). */
function removeAttribute(element: unknown, name: string): void {
  (element as { removeAttribute(attribute: string): void }).removeAttribute(name);
}

/** An element's computed background colour (runs in the page; typed structurally: no DOM lib here). */
function backgroundOf(element: unknown): string {
  const view = globalThis as unknown as { getComputedStyle(target: unknown): { backgroundColor: string } };
  return view.getComputedStyle(element).backgroundColor;
}

/** A page of the customer's site with the workspace's widget on it. */
async function hostPage(context: BrowserContext, stack: DashboardStack, site: PageServer, widgetKey: string) {
  const url = site.serve(
    `/bot-settings-${++pageCounter}.html`,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><main><h1>A customer site</h1></main>
<script src="${stack.origin}/widget.js" data-widget-key="${widgetKey}" async></script></body></html>`,
    { 'content-security-policy': strictCsp(stack.origin, site.origin) },
  );
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function savedBotSettings(stack: DashboardStack, tenant: DashboardTenant): Promise<BotSettingsDto> {
  const response = await request(stack.app.getHttpServer())
    .get('/api/v1/bot-settings')
    .auth(tenant.admin.login.accessToken, { type: 'bearer' })
    .expect(200);
  return response.body as BotSettingsDto;
}

async function savedWorkspace(stack: DashboardStack, tenant: DashboardTenant): Promise<WorkspaceSettingsDto> {
  const response = await request(stack.app.getHttpServer())
    .get('/api/v1/workspace')
    .auth(tenant.admin.login.accessToken, { type: 'bearer' })
    .expect(200);
  return response.body as WorkspaceSettingsDto;
}

async function screenshots(stack: DashboardStack, tenant: DashboardTenant, path: string, name: string) {
  for (const dark of [false, true]) {
    // A viewport as tall as the page: sticky parts (the save bar, the preview) sit where they belong.
    const context = await newContext(stack, { dark, height: 2100 });
    const page = await context.newPage();
    await signIn(page, stack, tenant.admin, path);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath(`${name}-${dark ? 'dark' : 'light'}`) });
    await context.close();
  }
}

describe('Admin settings: the bot and the chat widget, in the real browser', () => {
  let stack: DashboardStack;
  let site: PageServer;
  let realWorker: ServiceProcess | undefined;
  let context: BrowserContext;
  let tenant: DashboardTenant;

  beforeAll(async () => {
    // No model worker at first: a scripted one records the prompt the bot gets; the real one comes later.
    stack = await startDashboardStack({ worker: false, env: { BOT_REPLY_WAIT_MS: '20000' } });
    site = await PageServer.start();
  });

  afterAll(async () => {
    await realWorker?.stop();
    await stack?.stop();
    await site?.close();
  });

  beforeEach(async () => {
    tenant = await dashboardTenant(stack.app);
    context = await newContext(stack, { height: 1000 });
  });

  afterEach(async () => {
    await context.close();
  });

  it('should save persona and greeting for the next widget session, keep bad values with their errors, and try unsaved settings on the real model', async () => {
    await stack.app.get(WorkspacesService).setAllowedOrigins(tenant.workspace.id, [SITE_ORIGIN, site.origin]);
    const admin = await context.newPage();
    const seen = watchPage(admin);
    await signIn(admin, stack, tenant.admin, '/admin/settings/bot');
    await admin.getByRole('heading', { name: 'Bot', level: 1 }).waitFor();

    // Persona and greeting: saved, and only they are sent.
    const persona = 'You are Pip, the parrot of the Feather & Seed shop. Answer in one short sentence.';
    const greeting = 'Ahoy! Pip here. What can I fetch for you?';
    await admin.getByLabel('Persona').fill(persona);
    await admin.getByLabel('Greeting').fill(greeting);
    await admin.getByText(`${persona.length} / 2000 characters`).waitFor();
    const patch = admin.waitForRequest((req) => req.method() === 'PATCH' && req.url().endsWith('/api/v1/bot-settings'));
    await admin.getByRole('button', { name: 'Save changes' }).click();
    expect((await patch).postDataJSON()).toEqual({ persona, greeting });
    await admin
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    const saved = await savedBotSettings(stack, tenant);
    expect(saved).toMatchObject({ persona, greeting });

    // The next widget session greets with it, and the bot's prompt carries the persona.
    const worker = new ScriptedWorker(baseUrl(stack.app), TEST_WORKER_TOKEN);
    await worker.register('settings-spec');
    const visitorContext = await stack.browser.newContext();
    try {
      const shop = await hostPage(visitorContext, stack, site, tenant.workspace.widgetKey);
      await launcher(shop).click();
      await panel(shop).getByText(greeting).waitFor();
      const job = worker.nextJob();
      await send(shop, 'Do you sell millet?');
      const assigned = await job;
      expect(assigned.persona).toBe(persona);
      expect(assigned.turns.at(-1)).toEqual({ speaker: 'customer', text: 'Do you sell millet?' });
      worker.done(assigned, 'Squawk! Yes, three kinds.');
      await panel(shop).getByText('Squawk! Yes, three kinds.').waitFor();
    } finally {
      worker.close();
      await visitorContext.close();
    }

    // A temperature out of range: the form says so by the field, keeps it, and will not save.
    const temperature = admin.getByRole('spinbutton', { name: /^Temperature/ });
    await temperature.fill('3');
    expect(await temperature.getAttribute('aria-invalid')).toBe('true');
    await admin.getByText('Must be from 0 to 2.').waitFor();
    expect(await admin.getByRole('button', { name: 'Save changes' }).isDisabled()).toBe(true);
    await temperature.fill('0.5');
    // A greeting too long, forced past the form's check (as an outdated page would send it): the API's 400
    // shows by the field and every typed value stays.
    const longGreeting = `${'Hello there! '.repeat(80)}`.trim();
    const greetingBox = admin.getByLabel('Greeting');
    await greetingBox.evaluate(removeAttribute, 'maxlength');
    await greetingBox.fill(longGreeting);
    await admin.getByText(`At most 1000 characters (now ${longGreeting.length}).`).waitFor();
    const saveButton = admin.getByRole('button', { name: 'Save changes' });
    await saveButton.evaluate(removeAttribute, 'disabled');
    await saveButton.click();
    await admin.getByRole('alert').filter({ hasText: 'Some fields need a change' }).waitFor();
    expect(await greetingBox.getAttribute('aria-invalid')).toBe('true');
    const greetingMessage = await admin.locator(`#${await greetingBox.getAttribute('aria-describedby')}`).innerText();
    expect(greetingMessage).toMatch(/1000/);
    expect(greetingMessage).not.toContain('(now ');
    expect(await greetingBox.inputValue()).toBe(longGreeting);
    expect(await temperature.inputValue()).toBe('0.5');
    expect(await savedBotSettings(stack, tenant)).toEqual(saved);
    await admin.getByLabel('Greeting').fill(greeting);

    // Leaving with unsaved changes asks first.
    await admin.getByRole('link', { name: 'Chat widget' }).click();
    await admin.getByRole('alertdialog', { name: 'Leave without saving?' }).waitFor();
    await admin.getByRole('button', { name: 'Stay on this page' }).click();
    expect(admin.url()).toMatch(/\/settings\/bot$/);

    // Try it with no worker connected: the page says so.
    const message = admin.getByLabel('Customer message');
    await message.fill('Hello?');
    await admin.getByRole('button', { name: 'Send', exact: true }).click();
    await admin
      .getByRole('alert')
      .filter({ hasText: /^No inference worker is connected/ })
      .waitFor();

    // Try it on the real model with unsaved settings: a reply comes, the saved settings stay as they were.
    realWorker = startWorker(stack.app);
    await workersRegistered(stack.app, 1, 120_000);
    await admin.getByLabel('Persona').fill('You are Pip, a parrot. Reply in five words or fewer.');
    await admin.getByRole('spinbutton', { name: /^Longest reply/ }).fill('24');
    await message.fill('Do you sell bird food?');
    await admin.getByRole('button', { name: 'Send', exact: true }).click();
    const log = admin.getByRole('list', { name: 'Tried dialogue' });
    const reply = log.locator('.try-it__turn--bot');
    await reply.waitFor({ timeout: 120_000 });
    expect((await reply.locator('.try-it__text').innerText()).trim().length).toBeGreaterThan(0);
    expect(await reply.locator('.try-it__stats').innerText()).toMatch(/first token \d+ ms · \d+ tokens/);
    expect(await savedBotSettings(stack, tenant)).toEqual(saved);
    await admin.screenshot({ path: screenshotPath('settings-bot-try-it') });
    expect(seen.errors).toEqual([]);

    await admin.getByRole('button', { name: 'Discard changes' }).click();
    expect(await admin.getByLabel('Persona').inputValue()).toBe(persona);
    await screenshots(stack, tenant, '/admin/settings/bot', 'settings-bot');
  });

  it('should preview the look before saving, give new widget sessions the saved look, keep origins canonical and copy the tag', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.origin });
    const admin = await context.newPage();
    const seen = watchPage(admin);
    await signIn(admin, stack, tenant.admin, '/admin/settings/widget');
    await admin.getByRole('heading', { name: 'Chat widget', level: 1 }).waitFor();

    const preview = admin.getByTestId('widget-preview-panel');
    await admin.getByLabel('Title', { exact: true }).fill('Feather & Seed help');
    await admin.getByLabel('Accent colour', { exact: true }).fill('#0b6e4f');
    // The preview follows before anything is saved.
    await preview.getByText('Feather & Seed help').waitFor();
    const headerColor = () => preview.locator('.widget-preview__header').evaluate(backgroundOf);
    await until(async () => (await headerColor()) === 'rgb(11, 110, 79)', 'the preview in the new colour');
    await admin.getByText(/White text on it: contrast \d+\.\d:1, meets WCAG AA/).waitFor();
    expect((await savedWorkspace(stack, tenant)).allowedOrigins).not.toContain(site.origin);

    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();

    // An allowed origin typed loosely is saved in its canonical form.
    const port = new URL(site.origin).port;
    await admin.getByLabel('Add a website').fill(`HTTP://127.0.0.1:${port}/`);
    await admin.getByText(`Saved as ${site.origin}`).waitFor();
    await admin.getByRole('button', { name: 'Add website' }).click();
    await admin.getByRole('list', { name: 'Allowed websites' }).getByText(site.origin, { exact: true }).waitFor();
    expect((await savedWorkspace(stack, tenant)).allowedOrigins).toContain(site.origin);
    await admin.getByLabel('Add a website').fill('https://*.com');
    await admin.getByRole('button', { name: 'Add website' }).click();
    await admin.getByText(/a wildcard needs a domain of at least two labels/).waitFor();

    // A new widget session on that site has the saved title and colour.
    const visitorContext = await stack.browser.newContext();
    try {
      const shop = await hostPage(visitorContext, stack, site, tenant.workspace.widgetKey);
      const button = launcher(shop);
      await button.waitFor();
      // The launcher is drawn at once in the default colour and takes the saved one when the config arrives.
      await until(
        async () => (await button.evaluate(backgroundOf)) === 'rgb(11, 110, 79)',
        'the launcher in the saved colour',
        10_000,
      );
      await button.click();
      await shop.getByRole('dialog', { name: 'Feather & Seed help' }).waitFor();
    } finally {
      await visitorContext.close();
    }

    // The script tag copies with the widget key in it.
    await admin.getByRole('button', { name: 'Copy script tag' }).click();
    await admin.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await admin.evaluate(() =>
      (
        globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
      ).navigator.clipboard.readText(),
    );
    expect(copied).toContain(`data-widget-key="${tenant.workspace.widgetKey}"`);

    // Language and pre-chat form show in the preview too (right to left in Arabic); discarded after.
    await admin.getByLabel('Widget language').selectOption('ar');
    await admin.getByLabel('Name', { exact: true }).selectOption('optional');
    await admin.getByLabel('E-mail', { exact: true }).selectOption('required');
    expect(await preview.getAttribute('dir')).toBe('rtl');
    await preview.getByText('بدء المحادثة').waitFor();
    await admin
      .getByRole('figure', { name: 'Preview' })
      .screenshot({ path: screenshotPath('settings-widget-preview-ar') });
    await admin.getByRole('button', { name: 'Discard changes' }).click();
    await preview.getByText('Write a message…').waitFor();

    // Identity verification: the secret shows once, then the switch reads On; removing asks first.
    await admin.getByRole('button', { name: 'Create identity secret' }).click();
    const secret = admin.getByRole('status', { name: 'Identity secret' });
    expect(await secret.locator('code').innerText()).toMatch(/\S{20,}/);
    expect(await accessibilityViolations(admin)).toEqual([]);
    await admin.getByRole('button', { name: 'I have copied it' }).click();
    await admin.getByText('On', { exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Remove secret…' }).click();
    await admin
      .getByRole('alertdialog')
      .getByText(/every identity shows as unverified/)
      .waitFor();
    await admin.getByRole('button', { name: 'Remove the secret' }).click();
    await admin.getByText('Off', { exact: true }).waitFor();

    // A new widget key after a warning that the old tag stops working; the tag shown follows.
    const oldKey = tenant.workspace.widgetKey;
    await admin.getByRole('button', { name: 'Rotate widget key…' }).click();
    await admin
      .getByRole('alertdialog')
      .getByText(/current script tag stops working/)
      .waitFor();
    await admin.getByRole('button', { name: 'Replace the key' }).click();
    await admin.getByText(/New widget key in place/).waitFor();
    const rotated = (await savedWorkspace(stack, tenant)).widgetKey;
    expect(rotated).not.toBe(oldKey);
    await admin.getByLabel('Script tag').getByText(rotated, { exact: false }).waitFor();
    expect(seen.errors).toEqual([]);

    await screenshots(stack, tenant, '/admin/settings/widget', 'settings-widget');
  });
});
