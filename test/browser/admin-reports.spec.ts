import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { UsersService } from '../../apps/conversation-service/src/users/users.service';
import { DAY, type ReportSeedWorkspace, SECOND, gen, seedConversation } from '../support/report-seed';
import { ScriptedWorker } from '../support/scripted-worker';
import { TEST_WORKER_TOKEN, workersRegistered } from '../support/worker-process';
import {
  DASHBOARD_TEST_TIMEOUT_MS,
  type DashboardStack,
  type DashboardTenant,
  PASSWORD,
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

/** An agent whose name needs quoting in a CSV file (a comma and quotes). */
const QUOTED_NAME = 'O\'Brien, Pat "PJ"';
const TIME_ZONE = 'Europe/Paris';
/** 1 to 15 March 2026 in Paris, by week (weeks start on Monday: the first period starts on 23 February). */
const REPORT_PATH = '/admin/reports?range=custom&from=2026-03-01&to=2026-03-15&groupBy=week';

/**
 * Each section's table as the page must show it, computed by hand from the seed below (P, A, B, C, D, E in
 * the range; Q after it in Paris though inside it in UTC; another workspace's never counted).
 */
const EXPECTED: Record<string, string[][]> = {
  // Started: P (Paris 1 March) | A B | C D E. Messages by when written: C's reopen on the 12th is in week 03-09.
  volume: [
    ['Week starting', 'Conversations started', 'Customer messages', 'Bot messages', 'Agent messages'],
    ['2026-02-23', '1', '1', '1', '0'],
    ['2026-03-02', '2', '2', '2', '1'],
    ['2026-03-09', '3', '4', '3', '1'],
    ['Whole range', '6', '7', '6', '2'],
  ],
  // All six are bot conversations (D by bot_unavailable). Contained: P (idle), A (resolved); not C
  // (reopened after 2 days), not B D E (handed off).
  containment: [
    ['Week starting', 'Bot conversations', 'Contained', 'Containment rate', 'Handed off', 'Handoff rate'],
    ['2026-02-23', '1', '1', '100.0%', '0', '0.0%'],
    ['2026-03-02', '2', '1', '50.0%', '1', '50.0%'],
    ['2026-03-09', '3', '0', '0.0%', '2', '66.7%'],
    ['Whole range', '6', '2', '33.3%', '3', '50.0%'],
  ],
  'handoff-reasons': [
    [
      'Week starting',
      "Visitor's button",
      'Handoff phrase',
      'Agent takeover',
      'API request',
      'Bot unavailable',
      'Bot failed',
      'Reply check',
      'Low confidence',
      'Repeated question',
      'Negative ratings',
      'No answer',
      'All handoffs',
    ],
    ['2026-02-23', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'],
    ['2026-03-02', '1', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '1'],
    ['2026-03-09', '0', '0', '1', '0', '1', '0', '0', '0', '0', '0', '0', '2'],
    ['Whole range', '1', '0', '1', '0', '1', '0', '0', '0', '0', '0', '0', '3'],
  ],
  // Bot: P 2 s | A 1 s, B 3 s (p90 1 + 0.9 x 2) | C 2 s, E 1 s (median 1.5, p90 1 + 0.9 x 1); all: 1 1 2 2 3,
  // p90 at 3.6 = 2.6 s. Person, from the handoff: B 90 - 30 = 60 s, E 50 - 20 = 30 s (median 45, p90 57).
  'first-response': [
    ['Week starting', 'Bot answered', 'Bot median', 'Bot p90', 'Person answered', 'Person median', 'Person p90'],
    ['2026-02-23', '1', '2 s', '2 s', '0', '—', '—'],
    ['2026-03-02', '2', '2 s', '2.8 s', '1', '1 min 0 s', '1 min 0 s'],
    ['2026-03-09', '2', '1.5 s', '1.9 s', '1', '30 s', '30 s'],
    ['Whole range', '5', '2 s', '2.6 s', '2', '45 s', '57 s'],
  ],
  // Resolved: A 120 s, B 600 s (median 360 s, p90 120 + 0.9 x 480 = 552 s) | C 2 d 60 s. All: median 600 s,
  // p90 600 + 0.8 x (172,860 - 600) s = 138,408 s = 38.4 h. After the handoff: B 600 - 30 = 570 s.
  resolution: [
    [
      'Week starting',
      'Resolved',
      'Median',
      'p90',
      'Resolved after handoff',
      'After handoff median',
      'After handoff p90',
    ],
    ['2026-02-23', '0', '—', '—', '0', '—', '—'],
    ['2026-03-02', '2', '6 min 0 s', '9 min 12 s', '1', '9 min 30 s', '9 min 30 s'],
    ['2026-03-09', '1', '2 d 0 h', '2 d 0 h', '0', '—', '—'],
    ['Whole range', '3', '10 min 0 s', '1 d 14 h', '1', '9 min 30 s', '9 min 30 s'],
  ],
  // A rated 5, B rated 2; C resolved without a rating.
  satisfaction: [
    ['Week starting', 'Ratings', 'Positive', 'CSAT', 'Resolved with a rating', 'Response rate'],
    ['2026-02-23', '0', '0', '—', '0', '—'],
    ['2026-03-02', '2', '1', '50.0%', '2', '100.0%'],
    ['2026-03-09', '0', '0', '—', '0', '0.0%'],
    ['Whole range', '2', '1', '50.0%', '2', '66.7%'],
  ],
  // P's reply thumbs up, B's thumbs down.
  'bot-ratings': [
    ['Week starting', 'Bot messages', 'Thumbs up', 'Thumbs down', 'Thumbs up rate', 'Thumbs down rate'],
    ['2026-02-23', '1', '1', '0', '100.0%', '0.0%'],
    ['2026-03-02', '2', '0', '1', '0.0%', '50.0%'],
    ['2026-03-09', '3', '0', '0', '0.0%', '0.0%'],
    ['Whole range', '6', '1', '1', '16.7%', '16.7%'],
  ],
  // Time to first token: P 400 | A 200, B 600 | C 300 and 500, E 100; p95 of 200, 600 = 580; of 100 300 500
  // = 480; of all six: 500 + 0.75 x 100. Tokens per second: 20 / 1 s | 40 / 2 s | 25 / 1.5 s | 85 / 4.5 s.
  generation: [
    ['Week starting', 'Replies generated', 'First token p50', 'First token p95', 'Tokens', 'Tokens per second'],
    ['2026-02-23', '1', '400 ms', '400 ms', '20', '20.0'],
    ['2026-03-02', '2', '400 ms', '580 ms', '40', '20.0'],
    ['2026-03-09', '3', '300 ms', '480 ms', '25', '16.7'],
    ['Whole range', '6', '350 ms', '575 ms', '85', '18.9'],
  ],
  agents: [
    ['Agent', 'Conversations', 'Replies'],
    ['Grace Hopper', '1', '1'],
    [QUOTED_NAME, '1', '1'],
  ],
};

/** A table's rows (header, body, footer) as shown, without the words only screen readers get. */
function tableRows(page: Page, section: string): Promise<string[][]> {
  return page.evaluate<string[][]>(`
    [...document.querySelectorAll('[data-report="${section}"] table tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => {
        const copy = cell.cloneNode(true);
        copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
        return copy.textContent.trim();
      }))`);
}

/** RFC 4180: quoted fields with doubled quotes, CRLF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    throw new Error('The CSV does not end with CRLF');
  }
  return rows;
}

async function downloadedCsv(page: Page, section: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page
      .locator(`[data-report="${section}"]`)
      .getByRole('button', { name: /^Download CSV/ })
      .click(),
  ]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

/** The value shown for one of the live counts. */
function liveCount(page: Page, status: string): Promise<string> {
  return page.locator(`.live-count[data-status="${status}"] dd`).innerText();
}

describe('Admin: reports and live operations', () => {
  let stack: DashboardStack;
  let tenant: DashboardTenant;
  let context: BrowserContext;
  let worker: ScriptedWorker | undefined;

  beforeAll(async () => {
    stack = await startDashboardStack({ worker: false });
    tenant = await dashboardTenant(stack.app);
    const quoted = await stack.app.get(UsersService).create(tenant.workspace.id, {
      email: `quoted-${randomUUID().slice(0, 8)}@example.com`,
      displayName: QUOTED_NAME,
      password: PASSWORD,
      role: 'agent',
    });
    const seed: ReportSeedWorkspace = {
      workspaceId: tenant.workspace.id,
      people: { agent: tenant.agent.login.user.id, quoted: quoted.id },
    };
    const app = stack.app;
    // P: 23:30 UTC on 28 February is 00:30 on 1 March in Paris; the bot answers, idle since: contained.
    await seedConversation(app, seed, '2026-02-28T23:30:00Z', [
      { at: 0, customer: 'Late question' },
      { at: 2 * SECOND, bot: 'Late answer', ...gen(400, 20, 1000), rating: 'positive' },
    ]);
    // A: the bot answers and it is resolved; rated 5; contained.
    await seedConversation(
      app,
      seed,
      '2026-03-03T09:00:00Z',
      [
        { at: 0, customer: 'Where is my order?' },
        { at: 1 * SECOND, bot: 'It ships today.', ...gen(200, 10, 500) },
        { at: 120 * SECOND, resolve: true },
      ],
      5,
    );
    // B: the visitor's button at 30 s; the agent takes over and answers at 90 s, resolves at 600 s; rated 2.
    await seedConversation(
      app,
      seed,
      '2026-03-04T09:00:00Z',
      [
        { at: 0, customer: 'Charged twice' },
        { at: 3 * SECOND, bot: 'Let me check.', ...gen(600, 30, 1500), rating: 'negative' },
        { at: 30 * SECOND, handoff: 'visitor_request' },
        { at: 60 * SECOND, takeover: 'agent' },
        { at: 90 * SECOND, agent: 'agent' },
        { at: 600 * SECOND, resolve: true },
      ],
      2,
    );
    // C: resolved, reopened 2 days later, resolved again: not contained.
    await seedConversation(app, seed, '2026-03-10T09:00:00Z', [
      { at: 0, customer: 'Password reset?' },
      { at: 2 * SECOND, bot: 'Use the link.', ...gen(300, 10, 500) },
      { at: 60 * SECOND, resolve: true },
      { at: 2 * DAY, customer: 'The link expired' },
      { at: 2 * DAY + 4 * SECOND, bot: 'Here is a new one.', ...gen(500, 10, 500) },
      { at: 2 * DAY + 60 * SECOND, resolve: true },
    ]);
    // D: no worker: queued for a person at 10 s, still waiting.
    await seedConversation(app, seed, '2026-03-11T09:00:00Z', [
      { at: 0, customer: 'Hello?' },
      { at: 10 * SECOND, handoff: 'bot_unavailable' },
    ]);
    // E: the quoted agent takes over from the bot at 20 s and answers at 50 s; still with them.
    await seedConversation(app, seed, '2026-03-12T09:00:00Z', [
      { at: 0, customer: 'Cancel my plan' },
      { at: 1 * SECOND, bot: 'Sure, why?', ...gen(100, 5, 500) },
      { at: 20 * SECOND, takeover: 'quoted' },
      { at: 50 * SECOND, agent: 'quoted' },
    ]);
    // Q: 23:30 UTC on 15 March is 16 March in Paris: after the range; still with the bot.
    await seedConversation(app, seed, '2026-03-15T23:30:00Z', [
      { at: 0, customer: 'Too late' },
      { at: 1 * SECOND, bot: 'Answer', ...gen(9000, 99, 9000) },
    ]);
    // Another workspace, inside the range, waiting for a person: never counted.
    const other = await dashboardTenant(app);
    await seedConversation(
      app,
      { workspaceId: other.workspace.id, people: { agent: other.agent.login.user.id } },
      '2026-03-05T09:00:00Z',
      [
        { at: 0, customer: 'Theirs' },
        { at: 1 * SECOND, bot: 'Theirs', ...gen(7000, 70, 7000), rating: 'positive' },
        { at: 5 * SECOND, handoff: 'visitor_request' },
      ],
    );
  });

  afterAll(async () => {
    worker?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    context = await newContext(stack, { height: 900 });
  });

  afterEach(async () => {
    await context.close();
  });

  it('should show the hand-computed figures in every table, and download each table as the same CSV', async () => {
    await context.close();
    context = await stack.browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: TIME_ZONE,
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.admin, REPORT_PATH);
    await page.locator('[data-report="agents"] table').waitFor();
    await page.getByText(`2026-03-01 to 2026-03-15, in ${TIME_ZONE}`).waitFor();

    for (const [section, expected] of Object.entries(EXPECTED)) {
      const shown = await tableRows(page, section);
      expect({ section, rows: shown }).toEqual({ section, rows: expected });
      const csv = await downloadedCsv(page, section);
      expect(csv.text.startsWith('\uFEFF')).toBe(true);
      expect({ section, rows: parseCsv(csv.text.slice(1)) }).toEqual({ section, rows: shown });
      expect(csv.name).toMatch(/^neodesk-[a-z-]+-2026-03-01_2026-03-15-week\.csv$/);
    }
    // The name with a comma and quotes is quoted as RFC 4180 says.
    expect((await downloadedCsv(page, 'agents')).text).toContain('"O\'Brien, Pat ""PJ"""');
    // The bot beside the team.
    const bot = page.getByRole('region', { name: 'The bot' });
    await bot.getByText('33.3%').waitFor();
    const team = page.getByRole('region', { name: 'The team' });
    await team.getByText('45 s').waitFor();
    // Each chart is an image with a name and a description.
    const charts = page.getByRole('img', { name: /^Chart: / });
    expect(await charts.count()).toBe(Object.keys(EXPECTED).length);

    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('reports-light'), fullPage: true });
    // The header's toggle (system, light, dark): the charts are drawn again with the dark tokens.
    await page.getByRole('button', { name: 'Theme: system' }).click();
    await page.getByRole('button', { name: 'Theme: light' }).click();
    await page.getByRole('button', { name: 'Theme: dark' }).waitFor();
    await page.locator('[data-report="volume"]').screenshot({ path: screenshotPath('reports-toggled-dark') });
    await page.getByRole('button', { name: 'Theme: dark' }).click();

    // The grouping is in the URL: a reload keeps it.
    await page.getByLabel('Group by').selectOption('month');
    await page.waitForURL(/groupBy=month/);
    await page.reload();
    await page.locator('[data-report="volume"] table').waitFor();
    await until(async () => (await tableRows(page, 'volume')).length === 3, 'the monthly table');
    expect(await tableRows(page, 'volume')).toEqual([
      EXPECTED.volume[0].map((heading) => (heading === 'Week starting' ? 'Month' : heading)),
      ['2026-03', '6', '7', '6', '2'],
      ['Whole range', '6', '7', '6', '2'],
    ]);

    // Dates without any conversation; then a range the API would refuse is refused here first.
    await page.getByLabel('From').fill('2026-01-01');
    await page.getByLabel('To (included)').fill('2026-01-31');
    await page.getByRole('button', { name: 'Show these dates' }).click();
    await page.getByText('No conversations in this range.').waitFor();
    expect(page.url()).toContain('from=2026-01-01&to=2026-01-31');
    await page.getByLabel('From').fill('2024-01-01');
    await page.getByRole('button', { name: 'Show these dates' }).click();
    await page.getByRole('alert').getByText('A report covers at most 366 days.').waitFor();
    expect(seen.errors).toEqual([]);
  });

  it('should show the reports in the dark theme with readable charts', async () => {
    const dark = await newContext(stack, { dark: true, height: 900 });
    try {
      const page = await dark.newPage();
      await signIn(page, stack, tenant.admin, REPORT_PATH);
      await page.locator('[data-report="agents"] table').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('reports-dark'), fullPage: true });
    } finally {
      await dark.close();
    }
  });

  it('should fit a phone screen: wide tables scroll inside their card, not the page', async () => {
    const phone = await newContext(stack, { width: 390, height: 844 });
    try {
      const page = await phone.newPage();
      await signIn(page, stack, tenant.admin, REPORT_PATH);
      await page.locator('[data-report="agents"] table').waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await page.screenshot({ path: screenshotPath('reports-phone') });
      await page.goto(`${stack.origin}/admin/operations`);
      await page.locator('.live-count').first().waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await page.screenshot({ path: screenshotPath('operations-phone'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('should show open conversations, the longest wait, agents and workers, updating without a reload', async () => {
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.admin, '/admin/operations');
    // P and Q with the bot, D waiting, E with an agent; the other workspace's waiting one is not counted.
    await until(async () => (await page.locator('.live-count').count()) === 4, 'the live counts');
    expect(await liveCount(page, 'bot')).toBe('2');
    expect(await liveCount(page, 'waiting_human')).toBe('1');
    expect(await liveCount(page, 'human')).toBe('1');
    // D waits since its handoff, 10 s after 09:00 UTC on 11 March.
    const waited = Date.now() - Date.parse('2026-03-11T09:00:10Z');
    const hours = [Math.round(waited / 3_600_000), Math.round((waited + 60_000) / 3_600_000)];
    expect(hours.map((hour) => `${Math.floor(hour / 24)} d ${hour % 24} h`)).toContain(
      await page.getByTestId('longest-wait').innerText(),
    );
    await page.getByText('No inference worker connected: the bot cannot answer; conversations go to people.').waitFor();
    await until(async () => /1 online/.test(await page.getByTestId('agents-summary').innerText()), 'the admin online');
    expect(await page.getByTestId('agents-summary').innerText()).toBe('1 online, 0 away, of 4 active teammates.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('operations-no-worker'), fullPage: true });

    // A worker connects and reports its load: it appears, and its speed is measured from its token count.
    worker = new ScriptedWorker(stack.origin, TEST_WORKER_TOKEN);
    await worker.register('gpu-node-test', 8);
    let tokens = 0;
    const beat = setInterval(() => {
      tokens += 50;
      worker?.socket.emit('worker:heartbeat', {
        running: 1,
        waiting: 2,
        tokensGenerated: tokens,
        timeToFirstTokenP50Ms: 42,
        interTokenP50Ms: 20,
        meanBatchSize: 1,
      });
    }, 1000);
    try {
      const row = page.getByRole('row', { name: /gpu-node-test/ });
      await row.waitFor({ timeout: 15_000 });
      const cells = async () => (await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
      await until(async () => (await cells())[4] === '1', 'the first heartbeat', 15_000);
      const shown = await cells();
      expect(shown.slice(0, 6)).toEqual(['gpu-node-test pid 0', 'scripted-model v1', 'none none', '8', '1', '2']);
      expect(shown[7]).toBe('42 ms');
      // 50 tokens a second, measured over heartbeats that come every second and refreshes every 5 s.
      await until(async () => /^\d/.test((await cells())[6]), 'a measured speed', 30_000);
      const measured = Number((await cells())[6].split(' ')[0]);
      expect(measured).toBeGreaterThan(35);
      expect(measured).toBeLessThan(65);
      expect((await cells())[6]).toContain('per reply 50.0');

      // A visitor asks for a person: waiting goes up without a reload.
      const customer = await visitor(stack, tenant);
      await visitorSays(customer.socket, customer.conversationId, 'I need a person');
      const ack = await customer.socket.emitWithAck('handoff:request', { conversationId: customer.conversationId });
      expect(ack.ok).toBe(true);
      await until(async () => (await liveCount(page, 'waiting_human')) === '2', 'the new wait', 10_000);
      expect(await liveCount(page, 'bot')).toBe('2');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: screenshotPath('operations-light'), fullPage: true });

      const dark = await newContext(stack, { dark: true, height: 900 });
      try {
        const darkPage = await dark.newPage();
        await signIn(darkPage, stack, tenant.admin, '/admin/operations');
        await darkPage.getByRole('row', { name: /gpu-node-test/ }).waitFor({ timeout: 15_000 });
        expect(await accessibilityViolations(darkPage)).toEqual([]);
        await darkPage.screenshot({ path: screenshotPath('operations-dark'), fullPage: true });
      } finally {
        await dark.close();
      }
    } finally {
      clearInterval(beat);
    }
    expect(seen.errors).toEqual([]);
  });

  it("should show the API's problem detail when a report cannot be loaded", async () => {
    const page = await context.newPage();
    await signIn(page, stack, tenant.admin, '/admin/inbox/all');
    // The service cannot be made to fail on demand: this one answer is replaced by a problem it could send.
    await page.route('**/api/v1/reports/messages?*', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          detail: 'The database is not reachable right now; try again in a minute.',
        }),
      }),
    );
    await page.goto(`${stack.origin}${REPORT_PATH}`);
    await page
      .getByRole('alert')
      .getByText('The report could not be loaded: The database is not reachable right now; try again in a minute.')
      .waitFor();
    expect(await page.locator('[data-report]').count()).toBe(0);
  });

  it('should keep the reports and the live panel from agents', async () => {
    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, '/admin/reports');
    await page.getByRole('heading', { name: 'Admins only' }).waitFor();
    expect(await page.locator('[data-report]').count()).toBe(0);
    await page.goto(`${stack.origin}/admin/operations`);
    await page.getByRole('heading', { name: 'Admins only' }).waitFor();
    expect(await page.locator('.live-count').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Reports' }).count()).toBe(0);
  });
});

describe('Admin: live operations with the real inference worker', () => {
  let stack: DashboardStack;

  beforeAll(async () => {
    // The bundled model loads in the worker process: tens of seconds.
    stack = await startDashboardStack({ worker: true });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("should show the worker's own registration and load, and the empty state once it stops", async () => {
    const tenant = await dashboardTenant(stack.app);
    const [registered] = await workersRegistered(stack.app, 1);
    const context = await newContext(stack, { height: 900 });
    try {
      const page = await context.newPage();
      await signIn(page, stack, tenant.admin, '/admin/operations');
      const row = page.getByRole('row', { name: new RegExp(registered.registration.modelId) });
      await row.waitFor({ timeout: 15_000 });
      const cells = async () => (await row.locator('th, td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
      // Running and waiting come with the first heartbeat (every 5 s).
      await until(async () => (await cells())[4] === '0', 'the first heartbeat', 20_000);
      const { registration } = registered;
      expect((await cells()).slice(1, 6)).toEqual([
        `${registration.modelId} ${registration.modelVersion}`,
        `cpu ${registration.decoder}`,
        String(registration.maxBatchSize),
        '0',
        '0',
      ]);

      // A visitor's question: the bot answers, and the worker's token count grows between two refreshes.
      const customer = await visitor(stack, tenant);
      await visitorSays(customer.socket, customer.conversationId, 'Where is my parcel?');
      await until(() => customer.received.some((message) => message.author === 'bot'), 'the bot reply', 60_000);
      await until(async () => Number((await cells())[6].split(' ')[0]) > 0, 'a measured speed', 45_000);
      await page.screenshot({ path: screenshotPath('operations-real-worker'), fullPage: true });

      // The worker goes away: the panel says what that means, without a reload.
      await stack.worker?.stop();
      await page
        .getByText('No inference worker connected: the bot cannot answer; conversations go to people.')
        .waitFor({ timeout: 15_000 });
    } finally {
      await context.close();
    }
  });
});
