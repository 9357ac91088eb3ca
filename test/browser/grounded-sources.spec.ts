import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import type { GenerationJob } from '@neodesk/contracts';
import { KnowledgeArticlesService } from '../../apps/conversation-service/src/knowledge/knowledge-articles.service';
import { baseUrl } from '../support/realtime-clients';
import { ScriptedWorker } from '../support/scripted-worker';
import { TEST_WORKER_TOKEN } from '../support/worker-process';
import {
  DASHBOARD_TEST_TIMEOUT_MS,
  type DashboardStack,
  accessibilityViolations,
  dashboardTenant,
  newContext,
  screenshotPath as dashboardScreenshot,
  signIn,
  startDashboardStack,
  visitor,
  visitorSays,
  watchPage,
} from './support/dashboard-harness';
import {
  type WidgetStack,
  launcher,
  openHostPage,
  panel,
  screenshotPath,
  send,
  startWidgetStack,
  widgetTenant,
} from './support/widget-harness';

jest.setTimeout(DASHBOARD_TEST_TIMEOUT_MS);

/** Markup in a title must show as text, never as HTML. */
const TITLE = 'Shipping <b>countries</b> & times';
const BODY =
  '## Where we ship\n\nWe ship to Germany, France, Austria and Canada.\n\n## How long it takes\n\n' +
  'Standard delivery takes 3 to 5 working days.';
const ANSWER = 'Yes, we ship to Canada. Standard delivery takes 3 to 5 working days.';

/** The scripted worker answers the next job with ANSWER; resolves with the job. */
async function answerNext(worker: ScriptedWorker, ask: () => Promise<unknown>): Promise<GenerationJob> {
  const next = worker.nextJob();
  await ask();
  const job = await next;
  worker.delta(job, 0, 'Yes, we ship to Canada. ');
  worker.delta(job, 1, 'Standard delivery takes 3 to 5 working days.');
  worker.done(job, ANSWER);
  return job;
}

describe('Sources of a grounded bot answer in the widget', () => {
  let stack: WidgetStack;
  let worker: ScriptedWorker;

  beforeAll(async () => {
    stack = await startWidgetStack({ worker: false });
    worker = new ScriptedWorker(baseUrl(stack.app), TEST_WORKER_TOKEN);
    await worker.register();
  });

  afterAll(async () => {
    worker?.close();
    await stack?.stop();
  });

  for (const { lang, label } of [
    { lang: 'en', label: `Source: ${TITLE}` },
    { lang: 'fr', label: `Source : ${TITLE}` },
    { lang: 'ar', label: `المصدر: ${TITLE}` },
  ]) {
    it(`should show "${label}" under the answer as text, with no axe violations (${lang})`, async () => {
      const tenant = await widgetTenant(stack);
      await stack.app.get(KnowledgeArticlesService).create(tenant.workspace.id, { title: TITLE, body: BODY });
      const context: BrowserContext = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page: Page = await openHostPage(context, stack, { widgetKey: tenant.workspace.widgetKey, lang });
        await launcher(page, /.+/).click();
        await panel(page).waitFor();
        const job = await answerNext(worker, () => send(page, 'Do you ship to Canada?'));
        expect(job.passages?.[0]?.title).toBe(TITLE);

        const answer = panel(page).locator('.nd-msg--bot').filter({ hasText: 'Standard delivery takes' });
        await answer.getByText(label, { exact: true }).waitFor();
        expect(await answer.locator('.nd-source').allTextContents()).toEqual([label]);
        expect(await panel(page).locator('b').count()).toBe(0);
        await page.screenshot({ path: screenshotPath(`widget-source-${lang}`) });
        const results = await new AxeBuilder({ page }).include('neodesk-widget').analyze();
        expect(results.violations.map((violation) => violation.id)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});

describe('Sources of a grounded bot answer in the agent dashboard', () => {
  let stack: DashboardStack;
  let worker: ScriptedWorker;

  beforeAll(async () => {
    stack = await startDashboardStack({ worker: false });
    worker = new ScriptedWorker(stack.origin, TEST_WORKER_TOKEN);
    await worker.register();
  });

  afterAll(async () => {
    worker?.close();
    await stack?.stop();
  });

  it('should show the sources of a tried answer under "Try it" on the bot settings page', async () => {
    const tenant = await dashboardTenant(stack.app);
    await stack.app.get(KnowledgeArticlesService).create(tenant.workspace.id, { title: TITLE, body: BODY });
    const context = await newContext(stack);
    try {
      const page = await context.newPage();
      const seen = watchPage(page);
      await signIn(page, stack, tenant.admin, '/admin/settings/bot');
      const job = await answerNext(worker, async () => {
        await page.getByLabel('Customer message').fill('Do you ship to Canada?');
        await page.getByRole('button', { name: 'Send', exact: true }).click();
      });
      expect(job.passages?.[0]?.title).toBe(TITLE);
      const reply = page.getByRole('list', { name: 'Tried dialogue' }).locator('.try-it__turn--bot');
      await reply.getByText(`Source: ${TITLE}`, { exact: true }).waitFor();
      await reply.scrollIntoViewIfNeeded();
      await page.screenshot({ path: dashboardScreenshot('source-try-it') });
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(seen.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  for (const dark of [false, true]) {
    it(`should show "Source: <title>" under the bot's answer in the transcript (${dark ? 'dark' : 'light'})`, async () => {
      const tenant = await dashboardTenant(stack.app);
      await stack.app.get(KnowledgeArticlesService).create(tenant.workspace.id, { title: TITLE, body: BODY });
      const customer = await visitor(stack, tenant);
      const stored = new Promise<void>((resolve) =>
        customer.socket.on('message:new', (message) => message.author === 'bot' && resolve()),
      );
      await answerNext(worker, () => visitorSays(customer.socket, customer.conversationId, 'Do you ship to Canada?'));
      await stored;

      const context = await newContext(stack, { dark });
      try {
        const page = await context.newPage();
        const seen = watchPage(page);
        await signIn(page, stack, tenant.agent, `/admin/inbox/all/${customer.conversationId}`);
        const transcript = page.getByRole('log', { name: 'Transcript' });
        const sources = transcript.getByRole('list', { name: 'Sources' });
        await sources.getByText(`Source: ${TITLE}`, { exact: true }).waitFor();
        expect(await sources.getByRole('listitem').allTextContents()).toEqual([`Source: ${TITLE}`]);
        expect(await transcript.locator('b').count()).toBe(0);
        await page.screenshot({ path: dashboardScreenshot(`source-${dark ? 'dark' : 'light'}`) });
        expect(await accessibilityViolations(page)).toEqual([]);
        expect(seen.errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
