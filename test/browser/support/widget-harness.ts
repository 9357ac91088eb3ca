import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MessageDto } from '@neodesk/contracts';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { Repositories } from '@neodesk/persistence';
import { WorkspacesService } from '../../../apps/conversation-service/src/workspaces/workspaces.service';
import { type Tenant, baseUrl, newTenant } from '../../support/realtime-clients';
import type { ServiceProcess } from '../../support/service-process';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN, startWorker, workersRegistered } from '../../support/worker-process';

/** Debian's chromium (`.ci/run` installs it); Playwright's own browser download cannot work here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../../test-output/screenshots');
const WIDGET_DIR = path.resolve(__dirname, '../../../dist/widget');

/** Browser specs start a browser, a service and a model worker: they need minutes, not seconds. */
export const BROWSER_TEST_TIMEOUT_MS = 120_000;

/** The first admin of the default workspace (startTestApp's BOOTSTRAP_ADMIN_PASSWORD). */
export const DEFAULT_ADMIN = { email: 'admin@neodesk.local', password: 'test admin password' };

/**
 * A customer's website: a plain HTTP server on its own loopback port (so its origin differs from the
 * service's), serving the pages a test registers, each with its own headers (a strict CSP).
 */
export class PageServer {
  private readonly pages = new Map<string, { body: string; headers: Record<string, string> }>();
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<PageServer> {
    const server = http.createServer();
    const pages = new PageServer(server);
    server.on('request', (req, res) => {
      const page = pages.pages.get((req.url ?? '/').split('?')[0] ?? '/');
      if (page === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, page.headers).end(page.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return pages;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Registers a page and returns its address. */
  serve(path: string, body: string, headers: Record<string, string> = {}): string {
    this.pages.set(path, { body, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });
    return `${this.origin}${path}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface WidgetStack {
  app: NestExpressApplication;
  origin: string;
  /** The customer site the test pages are served from (allowed by widgetTenant's workspaces). */
  site: PageServer;
  browser: Browser;
  worker: ServiceProcess | undefined;
  stop(): Promise<void>;
}

/** The real service (test database), optionally one real worker with the bundled model, and chromium. */
export async function startWidgetStack(options: { worker: boolean }): Promise<WidgetStack> {
  if (!fs.existsSync(path.join(WIDGET_DIR, 'manifest.json'))) {
    throw new Error('dist/widget is missing: run `npm run build` first (npm test does)');
  }
  const app = await startTestApp(undefined, {
    SESSION_SECRET: 'browser specs secret, 32+ characters long',
    WORKER_TOKEN: TEST_WORKER_TOKEN,
    BOT_REPLY_WAIT_MS: '20000',
  });
  let worker: ServiceProcess | undefined;
  if (options.worker) {
    worker = startWorker(app);
    await workersRegistered(app, 1, 90_000);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const site = await PageServer.start();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    app,
    origin: baseUrl(app),
    site,
    browser,
    worker,
    async stop() {
      await browser.close();
      await site.close();
      await worker?.stop();
      await app.close();
    },
  };
}

/** A workspace of its own whose allowed origins include the test site's. */
export async function widgetTenant(stack: WidgetStack): Promise<Tenant> {
  const tenant = await newTenant(stack.app);
  const workspace = await stack.app
    .get(WorkspacesService)
    .setAllowedOrigins(tenant.workspace.id, [...tenant.workspace.allowedOrigins, stack.site.origin]);
  return { ...tenant, workspace };
}

/** The demo page's workspace (the oldest one) must allow the test service's random origin. */
export async function allowDemoOrigin(stack: WidgetStack): Promise<string> {
  const workspace = await stack.app.get(Repositories).workspaces.findOldest();
  if (workspace === null) {
    throw new Error('no default workspace');
  }
  const service = stack.app.get(WorkspacesService);
  const view = await service.get(workspace.id);
  if (!view.allowedOrigins.includes(stack.origin)) {
    await service.setAllowedOrigins(view.id, [...view.allowedOrigins, stack.origin]);
  }
  return view.id;
}

export interface HostPageOptions {
  widgetKey: string;
  lang?: string;
  /** Extra markup for <head> (a hostile stylesheet link, for instance). */
  head?: string;
  body?: string;
  csp?: string;
}

/** Strict: no inline script or style, no eval; scripts, styles and connections from the service only. */
export function strictCsp(origin: string, site: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src ${origin}`,
    `style-src ${site}`,
    `connect-src ${origin} ${ws}`,
    "img-src 'self' data:",
    "base-uri 'none'",
  ].join('; ');
}

let pageCounter = 0;

/** A customer's page on the test site (or `site`), with the widget's script tag pointing at the real service. */
export async function openHostPage(
  context: BrowserContext,
  stack: WidgetStack,
  options: HostPageOptions & { site?: PageServer },
): Promise<Page> {
  const site = options.site ?? stack.site;
  const url = site.serve(
    `/page-${++pageCounter}.html`,
    `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Host page</title>${options.head ?? ''}</head>
<body>${options.body ?? '<main><h1>A customer site</h1><p>Some content.</p></main>'}
<script src="${stack.origin}/widget.js" data-widget-key="${options.widgetKey}" async></script></body></html>`,
    { 'content-security-policy': options.csp ?? strictCsp(stack.origin, site.origin) },
  );
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Every uncaught error, console error and dialog of a page, for asserting that none happened. */
export function watchPage(page: Page): { errors: string[]; dialogs: string[] } {
  const seen = { errors: [] as string[], dialogs: [] as string[] };
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

/** Whether the element has the keyboard focus (inside the widget's shadow root too). */
export function hasFocus(locator: Locator): Promise<boolean> {
  // A function, not a string (a string is evaluated as an expression); typed structurally: no DOM lib here.
  return locator.evaluate((element: { matches: (selector: string) => boolean }) => element.matches(':focus'));
}

export function launcher(page: Page, name: RegExp = /chat with us|discuter|تحدّث/i) {
  return page.getByRole('button', { name });
}

export function panel(page: Page) {
  return page.getByRole('dialog');
}

export function messageBox(page: Page) {
  return page.getByRole('textbox', { name: /message|الرسالة/i });
}

export async function send(page: Page, text: string): Promise<void> {
  await messageBox(page).fill(text);
  await page.getByRole('button', { name: /^send$|^envoyer$|^إرسال$/i }).click();
}

/** What the widget keeps in localStorage for a widget key (session, conversation, outbox). */
export async function storedSession(
  page: Page,
  widgetKey: string,
): Promise<{ visitorId?: string; visitorToken?: string; conversationId?: string; outbox?: unknown[] }> {
  const raw = await page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(`neodesk:${widgetKey}`)})`);
  return JSON.parse(raw ?? '{}') as Awaited<ReturnType<typeof storedSession>>;
}

/** The visitor's conversation id as the widget stored it. */
export async function storedConversationId(page: Page, widgetKey: string): Promise<string> {
  const session = await until(async () => {
    const stored = await storedSession(page, widgetKey);
    return stored.conversationId;
  }, 'the stored conversation');
  return session;
}

export function storedMessages(stack: WidgetStack, tenant: Tenant, conversationId: string): Promise<MessageDto[]> {
  return stack.app.get(MessagesService).page(tenant.workspace.id, conversationId, {});
}

/** Polls `probe` until it answers something other than undefined or false. */
export async function until<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOTS, `${name}.png`);
}

/**
 * Records, inside the page, every distinct text the streaming reply showed (a MutationObserver on the
 * widget's shadow root), so fast tokens are not missed between two round trips of the test.
 */
export async function recordStreaming(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const root = document.querySelector('neodesk-widget').shadowRoot;
    window.__partials = [];
    new MutationObserver(() => {
      const bubble = root.querySelector('li[aria-busy="true"] .nd-bubble');
      const text = bubble === null ? null : bubble.textContent;
      if (text !== null && window.__partials[window.__partials.length - 1] !== text) {
        window.__partials.push(text);
      }
    }).observe(root, { subtree: true, childList: true, characterData: true });
  })()`);
}

export function streamedPartials(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('window.__partials');
}
