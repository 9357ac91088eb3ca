import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LoginResponseDto, MessageDto } from '@neodesk/contracts';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { AuthService } from '../../../apps/conversation-service/src/auth/auth.service';
import { UsersService } from '../../../apps/conversation-service/src/users/users.service';
import {
  WorkspacesService,
  type WorkspaceView,
} from '../../../apps/conversation-service/src/workspaces/workspaces.service';
import {
  RealtimeClients,
  SITE_ORIGIN,
  type VisitorSocket,
  baseUrl,
  openSession,
  ready,
} from '../../support/realtime-clients';
import type { ServiceProcess } from '../../support/service-process';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN, startWorker, workersRegistered } from '../../support/worker-process';
import { CHROMIUM, SCREENSHOTS, until } from './widget-harness';

// One browser path, screenshot folder and polling helper for every browser spec.
export { CHROMIUM, SCREENSHOTS, until };
// npm test builds the dashboard into dist/admin; TEST_ADMIN_DIR points the specs at another build (a
// developer building into a folder of their own while another build runs).
const ADMIN_DIR = path.resolve(process.env.TEST_ADMIN_DIR ?? path.join(__dirname, '../../../dist/admin'));

/** Browser specs start a browser, a service and maybe a model worker: minutes, not seconds. */
export const DASHBOARD_TEST_TIMEOUT_MS = 180_000;
export const PASSWORD = 'dashboard password 123';

export interface DashboardStack {
  app: NestExpressApplication;
  origin: string;
  browser: Browser;
  worker: ServiceProcess | undefined;
  clients: RealtimeClients;
  stop(): Promise<void>;
}

/** The real service serving the built dashboard, optionally one real worker with the bundled model, and chromium. */
export async function startDashboardStack(options: {
  worker: boolean;
  env?: Record<string, string>;
}): Promise<DashboardStack> {
  if (!fs.existsSync(path.join(ADMIN_DIR, 'index.html'))) {
    throw new Error('dist/admin is missing: run `npm run build` first (npm test does)');
  }
  const app = await startTestApp(undefined, {
    SESSION_SECRET: 'dashboard specs secret, 32+ characters long',
    WORKER_TOKEN: TEST_WORKER_TOKEN,
    ADMIN_DIR,
    ...options.env,
  });
  let worker: ServiceProcess | undefined;
  if (options.worker) {
    worker = startWorker(app);
    await workersRegistered(app, 1, 120_000);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const clients = new RealtimeClients(app);
  return {
    app,
    origin: baseUrl(app),
    browser,
    worker,
    clients,
    async stop() {
      clients.closeAll();
      await browser.close();
      await worker?.stop();
      await app.close();
    },
  };
}

export interface Person {
  email: string;
  displayName: string;
  login: LoginResponseDto;
}

export interface DashboardTenant {
  workspace: WorkspaceView;
  admin: Person;
  agent: Person;
  /** A second agent, to see what another agent sees. */
  colleague: Person;
}

/** A fresh workspace (allowing SITE_ORIGIN for visitors) with an admin and two agents. */
export async function dashboardTenant(app: NestExpressApplication): Promise<DashboardTenant> {
  const workspace = await app
    .get(WorkspacesService)
    .create({ name: `Dashboard ${randomUUID().slice(0, 8)}`, allowedOrigins: [SITE_ORIGIN] });
  const person = async (role: 'admin' | 'agent', displayName: string): Promise<Person> => {
    const email = `${displayName.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@example.com`;
    await app.get(UsersService).create(workspace.id, { email, displayName, password: PASSWORD, role });
    return { email, displayName, login: await app.get(AuthService).login({ email, password: PASSWORD }) };
  };
  return {
    workspace,
    admin: await person('admin', 'Ada Admin'),
    agent: await person('agent', 'Grace Hopper'),
    colleague: await person('agent', 'Lin Colleague'),
  };
}

/** A visitor of the tenant's site with an open widget session and a connected socket. */
export async function visitor(
  stack: DashboardStack,
  tenant: DashboardTenant,
): Promise<{ socket: VisitorSocket; conversationId: string; received: MessageDto[]; tokens: string[] }> {
  const session = await openSession(stack.app, tenant.workspace.widgetKey);
  const socket = stack.clients.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
  await ready(socket);
  const received: MessageDto[] = [];
  const tokens: string[] = [];
  socket.on('message:new', (message) => received.push(message));
  socket.on('bot:reply:delta', (delta) => tokens.push(delta.text));
  return { socket, conversationId: session.conversation.id, received, tokens };
}

export async function visitorSays(socket: VisitorSocket, conversationId: string, text: string): Promise<MessageDto> {
  const ack = await socket.emitWithAck('message:send', { conversationId, clientMessageId: randomUUID(), text });
  if (!ack.ok) {
    throw new Error(ack.error.message);
  }
  return ack.data;
}

/** Signs in through the login page (opened at `path`, which the login brings the person back to). */
export async function signIn(page: Page, stack: DashboardStack, person: Person, path = '/admin/'): Promise<void> {
  await page.goto(`${stack.origin}${path}`);
  await page.getByLabel('E-mail').fill(person.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Every uncaught error and CSP violation of a page, for asserting that none happened. */
export function watchPage(page: Page): { errors: string[] } {
  const seen = { errors: [] as string[] };
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) {
      seen.errors.push(message.text());
    }
  });
  return seen;
}

export async function newContext(
  stack: DashboardStack,
  options: { width?: number; height?: number; dark?: boolean } = {},
): Promise<BrowserContext> {
  return stack.browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.dark === true ? 'dark' : 'light',
  });
}

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOTS, `dashboard-${name}.png`);
}

/** axe-core's WCAG A/AA rules on the page as it is now: the violations, summarised. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map(
    (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/** The inbox row of a conversation. */
export function row(page: Page, conversationId: string) {
  return page.locator(`li[data-conversation-id="${conversationId}"]`);
}

export { SITE_ORIGIN };
