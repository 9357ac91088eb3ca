import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_HEADERS } from '@neodesk/contracts';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { WebhookReceiver } from '../support/webhook-receiver';
import {
  DASHBOARD_TEST_TIMEOUT_MS,
  type DashboardStack,
  type DashboardTenant,
  type Person,
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

/** A REST call with a bearer token (an API key or an access token), as an integration would make it. */
async function rest(stack: DashboardStack, token: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${stack.origin}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
}

/** The secret a SecretOnce box shows (its accessible name is its title). */
async function shownSecret(page: Page, title: string | RegExp): Promise<string> {
  const box = page.getByRole('status', { name: title });
  await box.waitFor();
  return (await box.locator('code').textContent()) ?? '';
}

/** The table row whose header cell names `name`. */
function rowOf(page: Page, name: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: false }) });
}

/** The error under a form field (FieldMessage, referenced by the input's aria-describedby). */
async function fieldError(page: Page, label: string): Promise<string> {
  const describedBy = await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby');
  return (await page.locator(`[id="${describedBy ?? ''}"] .field__error`).textContent()) ?? '';
}

/** Signs in through the login page with any password; resolves to the error shown, or null once signed in. */
async function tryLogin(page: Page, stack: DashboardStack, email: string, password: string): Promise<string | null> {
  await page.goto(`${stack.origin}/admin/`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const signedIn = page.getByRole('button', { name: 'Sign out' });
  const refused = page.locator('#login-error:not(:empty)');
  await signedIn.or(refused).waitFor();
  return (await signedIn.count()) > 0 ? null : await refused.textContent();
}

async function expectNoViolations(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** The same page in the dark theme, for a screenshot and axe's contrast rules there too. */
async function darkShot(stack: DashboardStack, person: Person, path: string, name: string): Promise<void> {
  const dark = await newContext(stack, { dark: true });
  const page = await dark.newPage();
  await signIn(page, stack, person, path);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.locator('[role="status"]:has-text("Loading")').waitFor({ state: 'detached' });
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
  await expectNoViolations(page);
  await dark.close();
}

describe('Admin settings: users, API keys and webhooks', () => {
  let stack: DashboardStack;
  let receiver: WebhookReceiver;
  let context: BrowserContext;
  let tenant: DashboardTenant;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await startDashboardStack({
      worker: false,
      // The receiver listens on loopback; deliveries are picked up quickly.
      env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_INTERVAL_MS: '100', WEBHOOK_TIMEOUT_MS: '2000' },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  beforeEach(async () => {
    tenant = await dashboardTenant(stack.app);
    context = await newContext(stack);
  });

  afterEach(async () => {
    await context.close();
  });

  it('should create an API key shown once with a usage example, accept it over REST, and refuse it once revoked', async () => {
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.admin, '/admin/settings/api-keys');
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    await page.getByText('No keys yet').waitFor();

    // The form's own check first: no name, no request.
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await fieldError(page, 'Name')).toContain('Give the key a name');

    await page.getByLabel('Name', { exact: true }).fill('CRM sync');
    await page.getByLabel('write').check();
    // write includes read: shown checked and not separately choosable.
    expect(await page.getByLabel('read').isChecked()).toBe(true);
    expect(await page.getByLabel('read').isDisabled()).toBe(true);
    const nextYear = new Date().getFullYear() + 1;
    await page.getByLabel('Expires (optional)').fill(`${nextYear}-06-30`);
    await page.getByRole('button', { name: 'Create key' }).click();

    const key = await shownSecret(page, 'API key “CRM sync” created');
    expect(key).toMatch(/^ndk_[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('.access-usage__code').first().textContent()).toBe(
      `curl -H "Authorization: Bearer ${key}" ${stack.origin}/api/v1/conversations`,
    );
    const listed = rowOf(page, 'CRM sync');
    await listed.getByText('Active').waitFor();
    expect(await listed.textContent()).toContain(key.slice(0, 12));
    expect(await listed.textContent()).not.toContain(key);
    expect(await listed.textContent()).toContain(String(nextYear));
    await page.screenshot({ path: screenshotPath('settings-api-keys-created'), fullPage: true });
    await expectNoViolations(page);

    expect((await rest(stack, key, '/api/v1/conversations')).status).toBe(200);
    // write, not admin: the key cannot manage keys.
    expect((await rest(stack, key, '/api/v1/api-keys')).status).toBe(403);

    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.getByRole('status', { name: 'API key “CRM sync” created' }).count()).toBe(0);

    await listed.getByRole('button', { name: 'Revoke CRM sync' }).click();
    const confirm = listed.getByRole('group', { name: 'Revoke “CRM sync”? Calls with it fail at once.' });
    // Cancel has the focus: Enter alone never revokes.
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('Cancel');
    await page.screenshot({ path: screenshotPath('settings-api-keys-confirm') });
    await expectNoViolations(page);
    await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
    await listed.getByText('Revoked').waitFor();
    await page.getByText('“CRM sync” is revoked').waitFor();
    expect(await listed.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    expect((await rest(stack, key, '/api/v1/conversations')).status).toBe(401);
    await page.screenshot({ path: screenshotPath('settings-api-keys-revoked'), fullPage: true });
    await darkShot(stack, tenant.admin, '/admin/settings/api-keys', 'settings-api-keys-dark');
    expect(seen.errors).toEqual([]);
  });

  it("should add a webhook whose secret verifies the receiver's signature, show its deliveries live and redeliver one", async () => {
    const hookPath = `/hooks/${tenant.workspace.id}`;
    const url = receiver.url(hookPath);
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.admin, '/admin/settings/webhooks');
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();

    await page.getByLabel('Receiver URL').fill(url);
    await page.getByLabel('Description (optional)').fill('Browser spec receiver');
    // message.created is chosen for a new endpoint; every event has its line of explanation.
    expect(await page.getByLabel('message.created').isChecked()).toBe(true);
    expect(await page.getByText('Any message was stored').count()).toBe(1);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await shownSecret(page, `Signing secret of ${url}`);
    expect(secret).toMatch(/^whsec_/);
    await page.getByText(WEBHOOK_HEADERS.signature).first().waitFor();
    await page.screenshot({ path: screenshotPath('settings-webhooks-secret'), fullPage: true });
    await expectNoViolations(page);

    const endpoint = page.getByRole('listitem', { name: url });
    await endpoint.getByText('Enabled').waitFor();
    await endpoint.getByRole('button', { name: `Deliveries to ${url}` }).click();
    await page.getByText('Nothing sent yet').waitFor();

    const customer = await visitor(stack, tenant);
    await visitorSays(customer.socket, customer.conversationId, 'Hello from the webhook spec');
    const [first] = (
      await receiver.waitFor(hookPath, (all) => all.some((hook) => hook.rawBody.includes('webhook spec')))
    ).filter((hook) => hook.rawBody.includes('webhook spec'));
    // The secret the page showed verifies the signature, as the page explains it.
    const timestamp = String(first.headers[WEBHOOK_HEADERS.timestamp.toLowerCase()]);
    const signature = String(first.headers[WEBHOOK_HEADERS.signature.toLowerCase()]);
    const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${first.rawBody}`, 'utf8').digest('hex')}`;
    expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);

    // The deliveries list refreshes by itself: the delivery appears without a reload.
    const deliveryId = String(first.headers[WEBHOOK_HEADERS.id.toLowerCase()]);
    const delivery = page.locator(`tr[data-delivery-id="${deliveryId}"]`);
    await delivery.getByText('Delivered').waitFor();
    expect(await delivery.getByRole('rowheader').textContent()).toBe('message.created');
    expect(await delivery.textContent()).toContain('200');

    await delivery.getByRole('button', { name: /^Details/ }).click();
    const detail = page.getByRole('region', { name: /^Delivery / });
    await detail.getByRole('table', { name: 'Attempts' }).getByRole('row').nth(1).waitFor();
    expect(await detail.getByRole('table', { name: 'Attempts' }).getByRole('row').count()).toBe(2);
    expect(await detail.getByLabel('Request body').textContent()).toContain('Hello from the webhook spec');
    await page.screenshot({ path: screenshotPath('settings-webhooks-delivery'), fullPage: true });
    await expectNoViolations(page);

    await detail.getByRole('button', { name: 'Redeliver' }).click();
    await receiver.waitFor(
      hookPath,
      (all) => all.filter((hook) => hook.headers['neodesk-webhook-id'] === deliveryId).length === 2,
    );
    const attempts = detail.getByRole('table', { name: 'Attempts' }).getByRole('row');
    await until(async () => (await attempts.count()) === 3, 'the second attempt in the page', 10_000);
    expect(await attempts.nth(2).textContent()).toContain('200');
    expect(await delivery.locator('td').nth(1).textContent()).toBe('2');

    // Edit: disable it; the list says so.
    await endpoint.getByRole('button', { name: `Edit ${url}` }).click();
    await endpoint.getByLabel('Enabled').uncheck();
    await endpoint.getByRole('button', { name: 'Save' }).click();
    await endpoint.getByText('Disabled').waitFor();

    // A rotated secret is shown once and differs; the old one stops.
    await endpoint.getByRole('button', { name: `Rotate secret of ${url}` }).click();
    await endpoint.getByRole('button', { name: 'Rotate', exact: true }).click();
    const rotated = await shownSecret(page, `New signing secret of ${url}`);
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.screenshot({ path: screenshotPath('settings-webhooks-rotated'), fullPage: true });
    await darkShot(stack, tenant.admin, '/admin/settings/webhooks', 'settings-webhooks-dark');

    await endpoint.getByRole('button', { name: `Delete ${url}` }).click();
    await endpoint.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('No endpoints yet').waitFor();
    expect(await page.getByRole('heading', { name: /^Deliveries to/ }).count()).toBe(0);
    expect(await (await rest(stack, tenant.admin.login.accessToken, '/api/v1/webhooks')).json()).toEqual({
      data: [],
    });
    expect(seen.errors).toEqual([]);
  });

  it("should show the API's refusal of a webhook URL under the field and keep everything typed", async () => {
    const page = await context.newPage();
    await signIn(page, stack, tenant.admin, '/admin/settings/webhooks');
    // The form refuses what the contracts refuse before asking the API.
    await page.getByLabel('Receiver URL').fill('ftp://files.example.com/in');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    expect(await fieldError(page, 'Receiver URL')).toBe('Only http:// and https:// addresses can receive webhooks.');

    // The service refuses credentials in the URL (and private hosts where they are not allowed).
    const refused = 'https://robot:hunter2@hooks.example.com/neodesk';
    await page.getByLabel('Receiver URL').fill(refused);
    await page.getByLabel('Description (optional)').fill('Kept after the error');
    await page.getByLabel('message.created').uncheck();
    await page.getByLabel('conversation.handoff').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await until(
      async () => (await fieldError(page, 'Receiver URL')).includes('must not carry a user name or password'),
      "the API's refusal under the URL field",
    );
    expect(await page.getByLabel('Receiver URL').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('alert').filter({ hasText: 'see the messages under them' }).waitFor();
    expect(await page.getByLabel('Receiver URL').inputValue()).toBe(refused);
    expect(await page.getByLabel('Description (optional)').inputValue()).toBe('Kept after the error');
    expect(await page.getByLabel('message.created').isChecked()).toBe(false);
    expect(await page.getByLabel('conversation.handoff').isChecked()).toBe(true);
    await page.screenshot({ path: screenshotPath('settings-webhooks-url-refused'), fullPage: true });
    await expectNoViolations(page);
    expect(await (await rest(stack, tenant.admin.login.accessToken, '/api/v1/webhooks')).json()).toEqual({
      data: [],
    });
  });

  it('should add an agent with a password generated and shown once, who signs in, changes role and is locked out when deactivated', async () => {
    const page = await context.newPage();
    const seen = watchPage(page);
    await signIn(page, stack, tenant.admin, '/admin/settings/users');
    await page.getByRole('heading', { name: 'Users and roles', level: 1 }).waitFor();
    await rowOf(page, 'Ada Admin').getByText('(you)').waitFor();

    // A taken e-mail is the API's 409, shown under the field; what was typed stays.
    await page.getByLabel('E-mail', { exact: true }).fill(tenant.agent.email);
    await page.getByLabel('Display name').fill('Somebody Else');
    await page.getByRole('button', { name: 'Add user' }).click();
    await until(async () => (await fieldError(page, 'E-mail')).includes('already exists'), 'the 409 under the e-mail');
    expect(await page.getByLabel('Display name').inputValue()).toBe('Somebody Else');
    await page.screenshot({ path: screenshotPath('settings-users-email-taken'), fullPage: true });
    await expectNoViolations(page);

    const email = `nora-${tenant.workspace.id.slice(0, 8)}@example.com`;
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Display name').fill('Nora New');
    await page.getByLabel('Agent', { exact: true }).check();
    await page.getByRole('button', { name: 'Add user' }).click();
    const password = await shownSecret(page, `Password of Nora New (${email})`);
    expect(password).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){4}$/);
    expect(password).not.toMatch(/[01lIoO5S]/);
    // The form is empty again for the next one.
    expect(await page.getByLabel('E-mail', { exact: true }).inputValue()).toBe('');
    const nora = rowOf(page, 'Nora New');
    await nora.getByText('Agent', { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('settings-users-password'), fullPage: true });
    await expectNoViolations(page);

    const noraContext = await newContext(stack);
    const noraPage = await noraContext.newPage();
    expect(await tryLogin(noraPage, stack, email, password)).toBeNull();
    await until(() => noraPage.url().includes('/admin/inbox/'), 'the inbox');
    expect(await noraPage.getByRole('link', { name: 'Settings', exact: true }).count()).toBe(0);
    await noraContext.close();

    await nora.getByRole('button', { name: 'Make admin Nora New' }).click();
    await nora.getByText('Admin', { exact: true }).waitFor();
    await page.getByText('Nora New is now an admin.').waitFor();
    await nora.getByRole('button', { name: 'Make agent Nora New' }).click();
    await nora.getByText('Agent', { exact: true }).waitFor();

    await nora.getByRole('button', { name: 'Deactivate Nora New' }).click();
    await nora.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await nora.getByText('Deactivated').waitFor();
    await nora.getByRole('button', { name: 'Reactivate Nora New' }).waitFor();
    const lockedOut = await newContext(stack);
    expect(await tryLogin(await lockedOut.newPage(), stack, email, password)).toBe(
      'That e-mail and password do not match an active account.',
    );
    await lockedOut.close();

    // Nora is named on nothing: removing deletes her, and the page says which happened.
    await nora.getByRole('button', { name: 'Remove Nora New' }).click();
    await nora.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('Nora New was deleted.').waitFor();
    await until(async () => (await rowOf(page, 'Nora New').count()) === 0, 'the row gone');
    await darkShot(stack, tenant.admin, '/admin/settings/users', 'settings-users-dark');
    expect(seen.errors).toEqual([]);
  });

  it("should protect the last active admin: the controls off with the reason, and the API's refusal shown when the list was stale", async () => {
    const page = await context.newPage();
    await signIn(page, stack, tenant.admin, '/admin/settings/users');
    const ada = rowOf(page, 'Ada Admin');
    await ada.getByText('(you)').waitFor();
    for (const name of ['Make agent Ada Admin', 'Deactivate Ada Admin', 'Remove Ada Admin']) {
      const control = ada.getByRole('button', { name });
      expect(await control.isDisabled()).toBe(true);
      expect(await control.getAttribute('aria-describedby')).not.toBeNull();
    }
    await ada.getByText('The last active admin: make someone else admin').waitFor();
    await page.screenshot({ path: screenshotPath('settings-users-last-admin'), fullPage: true });

    // Grace becomes admin elsewhere: the page, reloaded, lets Ada step down...
    const grace = (await (await rest(stack, tenant.admin.login.accessToken, '/api/v1/users')).json()) as {
      data: Array<{ id: string; email: string }>;
    };
    const graceId = grace.data.find((user) => user.email === tenant.agent.email)?.id ?? '';
    const promote = async (role: 'admin' | 'agent') =>
      (
        await rest(stack, tenant.admin.login.accessToken, `/api/v1/users/${graceId}`, {
          method: 'PATCH',
          body: JSON.stringify({ role }),
        })
      ).status;
    expect(await promote('admin')).toBe(200);
    await page.reload();
    const enabled = rowOf(page, 'Ada Admin').getByRole('button', { name: 'Make agent Ada Admin' });
    await until(async () => (await enabled.count()) === 1 && !(await enabled.isDisabled()), 'the control on');
    // ...but Grace is demoted again before Ada clicks: the API refuses, and the page says why.
    expect(await promote('agent')).toBe(200);
    await enabled.click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Ada Admin was not changed' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('This is the last active admin of the workspace');
    // The list is read again: the controls are off once more.
    await until(
      async () => await rowOf(page, 'Ada Admin').getByRole('button', { name: 'Make agent Ada Admin' }).isDisabled(),
      'the control off again',
    );
    expect(await rowOf(page, 'Ada Admin').getByText('Admin', { exact: true }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('settings-users-last-admin-refused'), fullPage: true });
    await expectNoViolations(page);
  });

  it('should give an agent none of these pages or routes: no links, "Admins only" by address, 403 over REST', async () => {
    const page = await context.newPage();
    await signIn(page, stack, tenant.agent, '/admin/inbox/mine');
    expect(await page.getByRole('link', { name: 'Settings', exact: true }).count()).toBe(0);
    for (const address of ['settings/users', 'settings/api-keys', 'settings/webhooks']) {
      await page.goto(`${stack.origin}/admin/${address}`);
      await page.getByRole('heading', { name: 'Admins only' }).waitFor();
      for (const heading of ['Add a user', 'New API key', 'New endpoint']) {
        expect(await page.getByRole('heading', { name: heading }).count()).toBe(0);
      }
    }
    const token = tenant.agent.login.accessToken;
    for (const path of ['/api/v1/users', '/api/v1/api-keys', '/api/v1/webhooks']) {
      expect([path, (await rest(stack, token, path)).status]).toEqual([path, 403]);
    }
    const invite = await rest(stack, token, '/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({
        email: 'sneaky@example.com',
        displayName: 'Sneaky',
        password: 'a long password 123',
        role: 'admin',
      }),
    });
    expect(invite.status).toBe(403);
    const key = await rest(stack, token, '/api/v1/api-keys', {
      method: 'POST',
      body: JSON.stringify({ name: 'Mine', scopes: ['admin'] }),
    });
    expect(key.status).toBe(403);
  });
});
