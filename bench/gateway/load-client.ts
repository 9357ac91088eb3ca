/**
 * The load generator of npm run bench:gateway, in its own process so that it does not share an event
 * loop with the server it measures. Usage: load-client.ts <spec.json> <result.json>
 * Connects every visitor to /visitor as the widget does, waits for session:ready, runs the load and
 * writes a LoadResult; progress goes to stderr.
 */
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import type {
  Ack,
  MessageDto,
  SendMessagePayload,
  VisitorClientToServerEvents,
  VisitorServerToClientEvents,
} from '@neodesk/contracts';
import { type Socket, io } from 'socket.io-client';
import type { BenchVisitor, BurstLoad, LoadResult, LoadSpec, PacedLoad } from './load-protocol';

type VisitorSocket = Socket<VisitorServerToClientEvents, VisitorClientToServerEvents>;

const CONNECT_CONCURRENCY = 50;

/**
 * With a parent on IPC (bench-gateway.ts): tells it where the load stands and waits for its go, so that
 * its CPU measurement of the server covers the load alone, not connecting or disconnecting.
 */
async function checkpoint(name: 'connected' | 'loaded'): Promise<void> {
  if (process.send === undefined) {
    return;
  }
  process.send(name);
  await once(process, 'message');
}
const CONNECT_TIMEOUT_MS = 30_000;

class LoadRecorder {
  sent = 0;
  acked = 0;
  readonly errors: Record<string, number> = {};
  readonly latenciesMs: number[] = [];
  readonly sendLagMs: number[] = [];
  readonly ackedMessages: LoadResult['ackedMessages'] = { conversationIds: [], seqs: [], clientMessageIds: [] };
  firstSendAt = Number.POSITIVE_INFINITY;
  lastAckAt = 0;
  private counter = 0;

  constructor(private readonly spec: LoadSpec) {}

  error(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  /** Sends one message and records its ack; never rejects. */
  async send(socket: VisitorSocket, visitor: BenchVisitor): Promise<void> {
    const n = this.counter++;
    const payload: SendMessagePayload = {
      conversationId: visitor.conversationId,
      clientMessageId: `${this.spec.runId}-${n}`,
      text: `Benchmark message ${n}: where is my order?`,
    };
    const started = performance.now();
    this.firstSendAt = Math.min(this.firstSendAt, started);
    this.sent += 1;
    let ack: Ack<MessageDto>;
    try {
      // socket.io-client types the ack of a timed emit as any; the contracts say what it is.
      ack = (await socket.timeout(this.spec.ackTimeoutMs).emitWithAck('message:send', payload)) as Ack<MessageDto>;
    } catch {
      this.error(socket.connected ? 'TIMEOUT' : 'DISCONNECTED');
      return;
    }
    const now = performance.now();
    this.lastAckAt = Math.max(this.lastAckAt, now);
    if (!ack.ok) {
      this.error(ack.error.code);
      return;
    }
    this.acked += 1;
    this.latenciesMs.push(now - started);
    this.ackedMessages.conversationIds.push(ack.data.conversationId);
    this.ackedMessages.seqs.push(ack.data.seq);
    this.ackedMessages.clientMessageIds.push(payload.clientMessageId);
  }
}

function connect(spec: LoadSpec, visitor: BenchVisitor): Promise<VisitorSocket> {
  const socket: VisitorSocket = io(`${spec.url}/visitor`, {
    transports: ['websocket'],
    auth: { widgetKey: visitor.widgetKey, visitorToken: visitor.visitorToken },
    extraHeaders: { origin: spec.origin },
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('no session:ready in time')), CONNECT_TIMEOUT_MS);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.disconnect();
      reject(error);
    };
    socket.once('session:ready', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => fail(error));
    socket.once('error', (error) => fail(new Error(`refused: ${error.code} ${error.message}`)));
  });
}

/** Connects every visitor, CONNECT_CONCURRENCY at a time; the ones that fail are left out and counted. */
async function connectAll(spec: LoadSpec, recorder: LoadRecorder): Promise<Array<[VisitorSocket, BenchVisitor]>> {
  const connected: Array<[VisitorSocket, BenchVisitor]> = [];
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < spec.visitors.length) {
      const visitor = spec.visitors[next++];
      try {
        connected.push([await connect(spec, visitor), visitor]);
      } catch (error) {
        recorder.error('CONNECT_FAILED');
        if ((recorder.errors.CONNECT_FAILED ?? 0) <= 3) {
          process.stderr.write(`load-client: connect failed: ${(error as Error).message}\n`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, lane));
  return connected;
}

async function runBurst(
  sockets: Array<[VisitorSocket, BenchVisitor]>,
  load: BurstLoad,
  recorder: LoadRecorder,
): Promise<void> {
  await Promise.all(
    sockets.map(async ([socket, visitor]) => {
      for (let i = 0; i < load.messages; i++) {
        await recorder.send(socket, visitor);
      }
    }),
  );
}

/**
 * Open loop: a visitor's next message is due a random interval after the previous one was due, whether
 * or not its ack came back, so a slow server shows up as latency instead of a lower offered rate.
 */
async function runPaced(
  sockets: Array<[VisitorSocket, BenchVisitor]>,
  load: PacedLoad,
  recorder: LoadRecorder,
): Promise<void> {
  const start = performance.now();
  const interval = (): number => randomInt(load.minIntervalMs, load.maxIntervalMs + 1);
  const inFlight: Array<Promise<void>> = [];
  await Promise.all(
    sockets.map(
      ([socket, visitor]) =>
        new Promise<void>((resolve) => {
          const schedule = (dueAt: number): void => {
            if (dueAt - start >= load.durationMs) {
              resolve();
              return;
            }
            setTimeout(
              () => {
                recorder.sendLagMs.push(performance.now() - dueAt);
                inFlight.push(recorder.send(socket, visitor));
                schedule(dueAt + interval());
              },
              Math.max(0, dueAt - performance.now()),
            );
          };
          // The first message falls at a random point of a first interval, so the offered rate is
          // about steady from the start instead of ramping up.
          schedule(start + Math.random() * interval());
        }),
    ),
  );
  await Promise.all(inFlight);
}

async function main(specPath: string, resultPath: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as LoadSpec;
  const recorder = new LoadRecorder(spec);
  const connectStarted = performance.now();
  const sockets = await connectAll(spec, recorder);
  const connectMs = performance.now() - connectStarted;
  process.stderr.write(
    `load-client: ${sockets.length}/${spec.visitors.length} visitors ready in ${connectMs.toFixed(0)} ms\n`,
  );
  for (const [socket] of sockets) {
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') {
        recorder.error('DISCONNECTED');
      }
    });
  }
  await checkpoint('connected');
  const cpuBefore = process.cpuUsage();
  if (spec.load.kind === 'burst') {
    await runBurst(sockets, spec.load, recorder);
  } else {
    await runPaced(sockets, spec.load, recorder);
  }
  const cpu = process.cpuUsage(cpuBefore);
  await checkpoint('loaded');
  for (const [socket] of sockets) {
    socket.disconnect();
  }
  const result: LoadResult = {
    connected: sockets.length,
    connectMs,
    sent: recorder.sent,
    acked: recorder.acked,
    errors: recorder.errors,
    wallMs: recorder.lastAckAt > recorder.firstSendAt ? recorder.lastAckAt - recorder.firstSendAt : 0,
    latenciesMs: recorder.latenciesMs,
    sendLagMs: recorder.sendLagMs,
    ackedMessages: recorder.ackedMessages,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
  writeFileSync(resultPath, JSON.stringify(result));
}

const [specPath, resultPath] = process.argv.slice(2);
if (specPath === undefined || resultPath === undefined) {
  process.stderr.write('Usage: load-client.ts <spec.json> <result.json>\n');
  process.exit(2);
}
main(specPath, resultPath).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`load-client: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
