import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, with the raw body (what the signature covers). */
export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** The status the receiver answered with. */
  answered: number;
}

/**
 * A real HTTP receiver on 127.0.0.1: records every request and answers with the status `respond` gives
 * (by default 200); `hang` keeps requests open until the receiver closes.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respond: (request: { path: string; index: number }) => number | 'hang' = () => 200;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const index = this.received.filter((entry) => entry.path === path).length;
      const answer = this.respond({ path, index });
      const rawBody = Buffer.concat(chunks).toString('utf8');
      if (answer === 'hang') {
        this.received.push({ path, headers: req.headers, rawBody, answered: 0 });
        return;
      }
      this.received.push({ path, headers: req.headers, rawBody, answered: answer });
      res.writeHead(answer, { 'Content-Type': 'text/plain' }).end(answer < 300 ? 'ok' : 'not now');
    });
  });

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((entry) => entry.path === path);
  }

  /** Waits until `path` got requests satisfying `done` (polling), or fails after `timeoutMs`. */
  async waitFor(
    path: string,
    done: (received: ReceivedWebhook[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.at(path))) {
      if (Date.now() > deadline) {
        throw new Error(`${path} got ${this.at(path).length} requests, not what was awaited, in ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.at(path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
