import type { KnowledgeArticleDto, KnowledgeArticleListDto } from '@neodesk/contracts';
import type { BrowserContext, Locator, Page } from 'playwright-core';
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
  watchPage,
} from './support/dashboard-harness';

jest.setTimeout(DASHBOARD_TEST_TIMEOUT_MS);

const SHIPPING_TITLE = 'Shipping countries and delivery times';
const SHIPPING_BODY = [
  '## Where we ship',
  '',
  'We ship to Germany, France, Austria and the Netherlands.',
  '',
  '## How long it takes',
  '',
  'Standard delivery takes 2 to 4 working days.',
].join('\n');

const FAQ_CSV = [
  'title,body,tags,status',
  '"Returns and refunds","You can return any item within 30 days for a full refund. Print the return label from your account.",returns;refunds,published',
  '"Payment methods","We accept Visa, Mastercard, PayPal and Apple Pay. You pay when the order ships.",payment,published',
  '',
].join('\r\n');

// Row 3 has an empty body: the API refuses the whole file and names the row.
const BAD_CSV = ['title,body', 'Gift cards,Gift cards never expire.', 'Vouchers,', ''].join('\n');

const HOURS_MD = '# Opening hours\n\nOur support team answers Monday to Friday, 9:00 to 17:00.\n';
const ACCOUNTS_MD =
  '# Accounts and passwords\n\n## Resetting your password\n\nUse "Forgot password" on the sign-in page; the link is valid for one hour.\n';

async function rest<T>(stack: DashboardStack, tenant: DashboardTenant, path: string, init: RequestInit = {}) {
  const response = await fetch(`${stack.origin}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${tenant.admin.login.accessToken}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  return { status: response.status, body: (response.status === 204 ? undefined : await response.json()) as T };
}

async function articles(stack: DashboardStack, tenant: DashboardTenant): Promise<KnowledgeArticleDto[]> {
  return (await rest<KnowledgeArticleListDto>(stack, tenant, '/api/v1/knowledge/articles')).body.data;
}

/** The error under a form field (FieldMessage, referenced by the input's aria-describedby). */
async function fieldError(page: Page, label: string): Promise<string> {
  const describedBy = await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby');
  return (await page.locator(`[id="${describedBy ?? ''}"] .field__error`).textContent()) ?? '';
}

/** The list row whose title is `title`. */
function rowOf(page: Page, title: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: title, exact: true }) });
}

async function listedTitles(page: Page): Promise<string[]> {
  return page.locator('.knowledge-table tbody th').allInnerTexts();
}

async function expectNoViolations(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

describe('Admin: the knowledge base page, in the real browser', () => {
  let stack: DashboardStack;
  let context: BrowserContext;
  let tenant: DashboardTenant;

  beforeAll(async () => {
    stack = await startDashboardStack({ worker: false });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(async () => {
    tenant = await dashboardTenant(stack.app);
    context = await newContext(stack, { height: 1000 });
  });

  afterEach(async () => {
    await context.close();
  });

  it('should write, check, import, filter, test and delete articles as an admin', async () => {
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.admin, '/admin/settings');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Knowledge base' }).click();
    await page.getByRole('heading', { name: 'Knowledge base', level: 1 }).waitFor();
    // Empty: the page says what the knowledge base is for.
    const empty = page.locator('.knowledge-empty');
    await empty.getByText('No articles yet').waitFor();
    expect(await empty.innerText()).toContain('“Source: title”');
    await page.screenshot({ path: screenshotPath('knowledge-empty'), fullPage: true });
    await expectNoViolations(page);

    // A new article: the form's own checks first, by field, nothing sent.
    await page.getByRole('link', { name: 'New article' }).click();
    await page.getByRole('heading', { name: 'New article', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Create article' }).click();
    expect(await fieldError(page, 'Title')).toContain('Give the article a title');
    expect(await fieldError(page, 'Text (Markdown)')).toContain('Write the article');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe(
      await page.getByLabel('Title', { exact: true }).getAttribute('id'),
    );
    const longTitle = `${SHIPPING_TITLE} — `.repeat(6);
    await page.getByLabel('Title', { exact: true }).fill(longTitle);
    await page.getByLabel('Text (Markdown)').fill('   \n  ');
    await page.getByLabel('Tags (optional)').fill('shipping, next day!');
    await page.getByRole('button', { name: 'Create article' }).click();
    const over = longTitle.trim().length - 200;
    expect(await fieldError(page, 'Title')).toBe(`At most 200 characters: ${over} too many.`);
    expect(await fieldError(page, 'Text (Markdown)')).toContain('Write the article');
    expect(await fieldError(page, 'Tags (optional)')).toContain('“next day!” is not a tag');
    expect(await page.getByLabel('Title', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // What was typed stays.
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(longTitle);
    expect(await page.getByLabel('Tags (optional)').inputValue()).toBe('shipping, next day!');
    await page.screenshot({ path: screenshotPath('knowledge-editor-errors'), fullPage: true });
    await expectNoViolations(page);
    expect(await articles(stack, tenant)).toEqual([]);

    // Leaving with something typed asks first.
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Bot' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Leave without saving?' });
    await dialog.getByRole('button', { name: 'Stay on this page' }).click();
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(longTitle);

    await page.getByLabel('Title', { exact: true }).fill(SHIPPING_TITLE);
    await page.getByLabel('Text (Markdown)').fill(SHIPPING_BODY);
    await page.getByLabel('Tags (optional)').fill('Shipping, delivery');
    expect(await page.getByText(`${SHIPPING_BODY.length} / 40,000 characters`).count()).toBe(1);
    await page.getByRole('button', { name: 'Create article' }).click();
    await page.getByRole('heading', { name: 'Edit article', level: 1 }).waitFor();
    await page.getByText('Article created: the bot answers from it from now on.').waitFor();
    const [created] = await articles(stack, tenant);
    expect(created).toMatchObject({
      title: SHIPPING_TITLE,
      body: SHIPPING_BODY,
      tags: ['shipping', 'delivery'],
      status: 'published',
    });
    expect(created.chunkCount).toBeGreaterThan(0);
    expect(page.url()).toBe(`${stack.origin}/admin/settings/knowledge/${created.id}`);
    await page
      .locator('.knowledge-facts')
      .getByText(`${created.chunkCount} ${created.chunkCount === 1 ? 'passage' : 'passages'} for the bot`)
      .waitFor();

    // Said once: a reload does not announce the creation again.
    await page.reload();
    await page.getByLabel('Text (Markdown)').waitFor();
    expect(await page.getByText('Article created').count()).toBe(0);

    // Edit: a fact added, saved in place.
    const express = `${SHIPPING_BODY}\n\n## Express delivery\n\nExpress delivery takes 1 working day and costs 9 euros.`;
    await page.getByLabel('Text (Markdown)').fill(express);
    await page.getByRole('status').filter({ hasText: 'Unsaved changes' }).waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved$/u })
      .waitFor();
    expect((await articles(stack, tenant))[0].body).toBe(express);

    // Import a CSV: counted before sending, created after.
    await page.getByRole('link', { name: '← Knowledge base' }).click();
    await rowOf(page, SHIPPING_TITLE).waitFor();
    const file = page.getByLabel('File to import');
    await file.setInputFiles({ name: 'faq.csv', mimeType: 'text/csv', buffer: Buffer.from(FAQ_CSV) });
    await page.locator('.knowledge-import__plan').getByText('faq.csv holds 2 articles.').waitFor();
    expect(await page.locator('.knowledge-import__plan').innerText()).toContain('“Returns and refunds”');
    await page.getByRole('button', { name: 'Import 2 articles' }).click();
    await page.getByText('Imported from faq.csv: 2 created, 0 updated.').waitFor();
    await rowOf(page, 'Payment methods').waitFor();

    // A bad row: nothing imported, the row named.
    await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
    await page.getByRole('button', { name: 'Import 2 articles' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Row 3, body');
    await refusal.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('knowledge-import-refused') });
    await expectNoViolations(page);
    expect(await articles(stack, tenant)).toHaveLength(3);

    // Two Markdown files at once.
    await file.setInputFiles([
      { name: 'opening-hours.md', mimeType: 'text/markdown', buffer: Buffer.from(HOURS_MD) },
      { name: 'accounts.md', mimeType: 'text/markdown', buffer: Buffer.from(ACCOUNTS_MD) },
    ]);
    await page.locator('.knowledge-import__plan').getByText('2 Markdown files hold 2 articles.').waitFor();
    await page.getByRole('button', { name: 'Import 2 articles' }).click();
    await page.getByText('Imported from 2 files: 2 created, 0 updated.').waitFor();
    await rowOf(page, 'Opening hours').waitFor();
    const accounts = rowOf(page, 'Accounts and passwords');
    await accounts.waitFor();
    await accounts.getByText('Published').waitFor();
    expect((await articles(stack, tenant)).map((article) => article.title).sort()).toEqual(
      ['Accounts and passwords', 'Opening hours', 'Payment methods', 'Returns and refunds', SHIPPING_TITLE].sort(),
    );
    // The row shows tags and passages.
    const returns = rowOf(page, 'Returns and refunds');
    expect(await returns.getByRole('list', { name: 'Tags' }).innerText()).toMatch(/returns\s+refunds/u);
    await page.screenshot({ path: screenshotPath('knowledge-list'), fullPage: true });
    await expectNoViolations(page);

    // Search and status filter, kept in the URL across a reload.
    await page.getByLabel('Search articles').fill('refund');
    await until(async () => (await listedTitles(page)).join('|') === 'Returns and refunds', 'the list searched');
    expect(new URL(page.url()).searchParams.get('q')).toBe('refund');
    await page.reload();
    await until(async () => (await listedTitles(page)).join('|') === 'Returns and refunds', 'the search reloaded');
    expect(await page.getByLabel('Search articles').inputValue()).toBe('refund');
    await page.getByLabel('Search articles').fill('');
    await until(async () => (await listedTitles(page)).length === 5, 'all five again');

    // Test a question: the article that answers it comes first.
    const question = page.getByLabel('Customer question');
    await question.fill('can i pay with apple pay?');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const passages = page.getByRole('list', { name: 'Passages the bot would get' });
    await passages.waitFor();
    const first = passages.getByRole('listitem').first();
    expect(await first.locator('.knowledge-passage__title').innerText()).toBe('Payment methods');
    expect(await first.innerText()).toContain('Apple Pay');
    expect(await first.innerText()).toMatch(/Score \d/u);
    await page.getByRole('status').filter({ hasText: 'for “can i pay with apple pay?”, best first' }).waitFor();
    await question.fill('how long does delivery to austria take');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await until(
      async () => (await first.locator('.knowledge-passage__title').innerText()) === SHIPPING_TITLE,
      'the shipping article first',
    );
    // No article for it: the page says the bot would get a person.
    await question.fill('zyxwv qwertz');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'No published article matches “zyxwv qwertz”' }).waitFor();
    expect(await passages.count()).toBe(0);
    await question.fill('how long does delivery to austria take');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await passages.waitFor();
    await first.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('knowledge-test-question'), fullPage: true });
    await expectNoViolations(page);

    // A draft is never retrieved; the status filter finds it.
    await rowOf(page, SHIPPING_TITLE).getByRole('link').click();
    await page.getByLabel('Draft').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Saved$/u })
      .waitFor();
    await page.getByRole('link', { name: '← Knowledge base' }).click();
    await page.getByLabel('Status').selectOption('draft');
    await until(async () => (await listedTitles(page)).join('|') === SHIPPING_TITLE, 'the drafts only');
    expect(new URL(page.url()).searchParams.get('status')).toBe('draft');
    await rowOf(page, SHIPPING_TITLE).getByText('Draft').waitFor();
    await page.getByLabel('Customer question').fill('how long does delivery to austria take');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await until(
      async () =>
        (await page.locator('.knowledge-test__summary').innerText()).includes('how long does delivery to austria'),
      'the second answer',
    );
    expect(await page.locator('.knowledge-passage__title').allInnerTexts()).not.toContain(SHIPPING_TITLE);

    // Delete, confirmed in place.
    await page.getByLabel('Status').selectOption('');
    await rowOf(page, 'Payment methods').getByRole('link').click();
    await page.getByRole('button', { name: 'Delete article' }).click();
    const confirm = page.getByRole('group', { name: /^Delete “Payment methods”\?/u });
    await confirm.waitFor();
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('Cancel');
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('“Payment methods” was deleted.').waitFor();
    await page.getByRole('heading', { name: 'Knowledge base', level: 1 }).waitFor();
    await until(async () => !(await listedTitles(page)).includes('Payment methods'), 'the row gone');
    expect((await articles(stack, tenant)).map((article) => article.title)).not.toContain('Payment methods');
    expect(seen.errors).toEqual([]);

    // The dark theme, for the screenshot and axe's contrast rules there.
    const dark = await newContext(stack, { dark: true, height: 1000 });
    const darkPage = await dark.newPage();
    await signIn(darkPage, stack, tenant.admin, '/admin/settings/knowledge');
    await rowOf(darkPage, 'Opening hours').waitFor();
    await darkPage.getByLabel('Customer question').fill('when are you open on monday?');
    await darkPage.getByRole('button', { name: 'Test', exact: true }).click();
    await darkPage.getByRole('list', { name: 'Passages the bot would get' }).waitFor();
    await darkPage.screenshot({ path: screenshotPath('knowledge-list-dark'), fullPage: true });
    await expectNoViolations(darkPage);
    await dark.close();
  });

  it("should show the API's refusal of a taken title under the field and keep what was typed", async () => {
    for (const title of ['Returns and refunds', 'Payment methods']) {
      const created = await rest(stack, tenant, '/api/v1/knowledge/articles', {
        method: 'POST',
        body: JSON.stringify({ title, body: `All about ${title.toLowerCase()}.` }),
      });
      expect(created.status).toBe(201);
    }
    const page = await context.newPage();
    await signIn(page, stack, tenant.admin, '/admin/settings/knowledge');
    await rowOf(page, 'Payment methods').getByRole('link').click();
    await page.getByRole('heading', { name: 'Edit article', level: 1 }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('returns and refunds');
    const body = 'Visa, Mastercard and PayPal.\n\n## Apple Pay\n\nOn iPhone and Mac.';
    await page.getByLabel('Text (Markdown)').fill(body);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await until(async () => (await fieldError(page, 'Title')) !== '', "the API's refusal under the title");
    expect(await page.getByLabel('Title', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('alert').filter({ hasText: 'see the messages under them' }).waitFor();
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('returns and refunds');
    expect(await page.getByLabel('Text (Markdown)').inputValue()).toBe(body);
    await page.screenshot({ path: screenshotPath('knowledge-editor-title-taken') });
    await expectNoViolations(page);

    // Another field edited: the title's refusal stays until the title changes.
    await page.getByLabel('Tags (optional)').fill('payment');
    expect(await fieldError(page, 'Title')).toBe('An article titled "Returns and refunds" already exists');
    await page.getByLabel('Title', { exact: true }).fill('Payment methods and Apple Pay');
    expect(await page.getByLabel('Title', { exact: true }).getAttribute('aria-invalid')).toBe('false');

    // A body over the limit says so while typing, and nothing is cut.
    const long = 'x'.repeat(40_005);
    await page.getByLabel('Text (Markdown)').fill(long);
    expect(await fieldError(page, 'Text (Markdown)')).toBe('At most 40,000 characters: 5 too many.');
    expect((await page.getByLabel('Text (Markdown)').inputValue()).length).toBe(40_005);
    expect((await articles(stack, tenant)).map((article) => article.title).sort()).toEqual([
      'Payment methods',
      'Returns and refunds',
    ]);
  });

  it('should import a JSON file: refused whole when a title exists in "keep" mode, else created and updated', async () => {
    const existing = await rest(stack, tenant, '/api/v1/knowledge/articles', {
      method: 'POST',
      body: JSON.stringify({ title: 'Payment methods', body: 'Cards only.' }),
    });
    expect(existing.status).toBe(201);
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.admin, '/admin/settings/knowledge');
    await rowOf(page, 'Payment methods').waitFor();
    const file = page.getByLabel('File to import');

    // Not JSON at all: said under the field, nothing to send.
    await file.setInputFiles({ name: 'kb.json', mimeType: 'application/json', buffer: Buffer.from('[{"title": ') });
    await page.getByText('kb.json is not valid JSON').waitFor();
    expect(await file.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);

    const json = JSON.stringify([
      { title: 'Payment methods', body: 'Visa, Mastercard, PayPal and Apple Pay.', tags: ['payment'] },
      { title: 'Gift cards', body: 'Gift cards never expire.', status: 'draft' },
    ]);
    await file.setInputFiles({ name: 'kb.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await page.locator('.knowledge-import__plan').getByText('kb.json holds 2 articles.').waitFor();
    await page.getByLabel('Keep them, and import nothing if any title exists').check();
    await page.getByRole('button', { name: 'Import 2 articles' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('"Payment methods"');
    expect(await articles(stack, tenant)).toHaveLength(1);

    await page.getByLabel('Replace them with the imported text').check();
    await page.getByRole('button', { name: 'Import 2 articles' }).click();
    await page.getByText('Imported from kb.json: 1 created, 1 updated.').waitFor();
    await rowOf(page, 'Gift cards').getByText('Draft').waitFor();
    const payment = (await articles(stack, tenant)).find((article) => article.title === 'Payment methods');
    expect(payment).toMatchObject({ body: 'Visa, Mastercard, PayPal and Apple Pay.', tags: ['payment'] });

    // An invalid article: named by its place in the file.
    const bad = JSON.stringify([
      { title: 'Fine', body: 'Fine.' },
      { title: 'T'.repeat(201), body: 'Too long a title.' },
    ]);
    await file.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Import 2 articles' }).click();
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Article 2, title');
    expect(await articles(stack, tenant)).toHaveLength(2);
    await expectNoViolations(page);
    expect(seen.errors).toEqual([]);

    // A narrow window: one column, the table scrolls sideways inside its card.
    const narrow = await newContext(stack, { width: 600, height: 900 });
    const narrowPage = await narrow.newPage();
    await signIn(narrowPage, stack, tenant.admin, '/admin/settings/knowledge');
    await rowOf(narrowPage, 'Gift cards').waitFor();
    await narrowPage.screenshot({ path: screenshotPath('knowledge-list-narrow'), fullPage: true });
    await rowOf(narrowPage, 'Gift cards').getByRole('link').click();
    await narrowPage.getByLabel('Text (Markdown)').waitFor();
    await narrowPage.screenshot({ path: screenshotPath('knowledge-editor-narrow'), fullPage: true });
    await expectNoViolations(narrowPage);
    await narrow.close();
  });

  it('should give an agent no Knowledge base page or link', async () => {
    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, '/admin/inbox/mine');
    expect(await page.getByRole('link', { name: 'Settings', exact: true }).count()).toBe(0);
    for (const address of ['settings/knowledge', 'settings/knowledge/new']) {
      await page.goto(`${stack.origin}/admin/${address}`);
      await page.getByRole('heading', { name: 'Admins only' }).waitFor();
      expect(await page.getByRole('heading', { name: 'Knowledge base' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Knowledge base' }).count()).toBe(0);
      expect(await page.getByRole('navigation', { name: 'Settings' }).count()).toBe(0);
    }
    await expectNoViolations(page);
  });
});
