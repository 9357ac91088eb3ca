/**
 * npm run bench:widget: the widget's sizes (gzip -9, as the build prints them) and, in Debian's chromium
 * on the demo page of a service started here (embedded database, no worker, loopback only), the time
 * from DOMContentLoaded to the launcher on screen and from Neodesk.open() to the greeting on screen.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Page, chromium } from 'playwright-core';
import { SERVICE_MAIN, ServiceProcess, freePort, waitForHealthy } from '../../test/support/service-process';

const ROOT = path.resolve(__dirname, '../..');
const WIDGET_DIR = path.join(ROOT, 'dist/widget');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.BENCH_WIDGET_RUNS ?? 7);
const LOADER_BUDGET = 5 * 1024;
const TOTAL_BUDGET = 25 * 1024;

// Runs in the page before its own scripts: when the launcher first has a box, and the greeting after open().
const PROBE = `
  window.__bench = {};
  document.addEventListener('DOMContentLoaded', () => { window.__bench.dcl = performance.now(); });
  const seen = () => {
    const root = document.querySelector('neodesk-widget')?.shadowRoot;
    const launcher = root?.querySelector('.nd-launcher');
    if (window.__bench.launcher === undefined && launcher && launcher.getBoundingClientRect().width > 0) {
      window.__bench.launcher = performance.now();
    }
    const greeting = root?.querySelector('.nd-panel:not([hidden]) .nd-msg--bot .nd-bubble');
    if (window.__bench.open !== undefined && window.__bench.greeting === undefined && greeting && greeting.getBoundingClientRect().height > 0) {
      window.__bench.greeting = performance.now();
    }
    requestAnimationFrame(seen);
  };
  requestAnimationFrame(seen);
`;

/** Polls an expression with page.evaluate (not subject to the page's CSP, unlike waitForFunction). */
async function waitFor(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${expression}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function gzipSize(file: string): number {
  return gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  // loader, chat, and `strings.<locale>`: the French and Arabic chat strings, fetched only when shown.
  const manifest = JSON.parse(fs.readFileSync(path.join(WIDGET_DIR, 'manifest.json'), 'utf8')) as Record<
    string,
    string
  > & { loader: string; chat: string };
  const loader = gzipSize(path.join(WIDGET_DIR, manifest.loader));
  const chat = gzipSize(path.join(WIDGET_DIR, manifest.chat));
  for (const [key, file] of Object.entries(manifest)) {
    console.log(`${key.padEnd(11)} ${file.padEnd(28)} ${kb(gzipSize(path.join(WIDGET_DIR, file))).padStart(8)} gzip`);
  }
  const verdict = (bytes: number, budget: number): string =>
    `budget ${kb(budget)}: ${bytes <= budget ? 'met' : 'MISSED'}`;
  console.log(`loader ${kb(loader)} gzip (${verdict(loader, LOADER_BUDGET)})`);
  console.log(
    `chat open in English: ${manifest.loader} + ${manifest.chat}, nothing else = ${kb(loader + chat)} gzip (${verdict(
      loader + chat,
      TOTAL_BUDGET,
    )})`,
  );

  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'neodesk-bench-widget-'));
  const service = new ServiceProcess(SERVICE_MAIN, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_WORKER: 'false',
    BOOTSTRAP_ADMIN_PASSWORD: 'bench admin password',
    LOG_LEVEL: 'warn',
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const deadline = setTimeout(() => {
    console.error('bench:widget took longer than 3 minutes; stopping');
    process.exit(1);
  }, 180_000);
  try {
    await waitForHealthy(port, service);
    const toLauncher: number[] = [];
    const coldOpen: number[] = [];
    const warmOpen: number[] = [];
    let fetched: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      for (const warm of [false, true]) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        await context.addInitScript(PROBE);
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/`);
        await waitFor(page, 'window.__bench.launcher !== undefined && window.Neodesk !== undefined');
        if (warm) {
          // The loader fetches the chat bundle when the browser is idle: open after that.
          await waitFor(
            page,
            'document.querySelector("neodesk-widget").shadowRoot.querySelectorAll("script").length > 0',
          );
          await page.waitForTimeout(1000);
        }
        await page.evaluate('window.__bench.open = performance.now(); window.Neodesk.open()');
        await waitFor(page, 'window.__bench.greeting !== undefined');
        const bench = await page.evaluate<Record<string, number>>('window.__bench');
        // Every widget file the page downloaded by the time the greeting showed (English page).
        fetched = await page.evaluate<string[]>(
          `performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname)` +
            `.filter((name) => name.startsWith('/widget'))`,
        );
        if (!warm) {
          toLauncher.push(bench.launcher - bench.dcl);
          coldOpen.push(bench.greeting - bench.open);
        } else {
          warmOpen.push(bench.greeting - bench.open);
        }
        await context.close();
      }
    }
    const ms = (values: number[]): string =>
      `${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
    console.log(`chromium ${browser.version()}, demo page on loopback, ${RUNS} runs, medians:`);
    console.log(`  DOMContentLoaded -> launcher visible            ${ms(toLauncher)}`);
    console.log(`  open() -> greeting visible, chat not yet loaded ${ms(coldOpen)}`);
    console.log(`  open() -> greeting visible, chat loaded at idle ${ms(warmOpen)}`);
    const expected = [`/${manifest.loader}`, `/widget/${manifest.chat}`];
    const extra = fetched.filter((name) => !expected.includes(name));
    console.log(`  widget files downloaded by an English visitor who opened the chat: ${fetched.join(', ')}`);
    if (extra.length > 0 || !expected.every((name) => fetched.includes(name))) {
      console.log(`  NOT what the total above counts (${expected.join(', ')})`);
      process.exitCode = 1;
    }
  } finally {
    clearTimeout(deadline);
    await browser.close();
    await service.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (loader > LOADER_BUDGET || loader + chat > TOTAL_BUDGET) {
    console.log('OVER BUDGET');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
