import { randomUUID } from 'node:crypto';
import {
  REALTIME_NAMESPACES,
  conversationRefPayloadSchema,
  messageFeedbackPayloadSchema,
  presencePayloadSchema,
  resumeConversationPayloadSchema,
  satisfactionPayloadSchema,
  sendMessagePayloadSchema,
  typingPayloadSchema,
  visitorIdentitySchema,
  jobDeltaSchema,
  jobDoneSchema,
  jobFailedSchema,
  workerHeartbeatSchema,
  workerRegistrationSchema,
} from '@neodesk/contracts';
import fc from 'fast-check';
import { type Socket, io } from 'socket.io-client';
import { z } from 'zod';
import {
  type BodyEncoding,
  BOUNDARY_NUMBERS,
  type JsonSchema,
  bodyEncoding,
  encodeBody,
  fromSchema,
  hostileString,
  hostileValue,
  uniform,
} from './hostile-values';

/**
 * Property-based fuzzing of the running service: every REST operation of its OpenAPI document (and the
 * widget routes the document leaves out) and every client event of the /visitor, /agent and /worker
 * namespaces, with generated hostile payloads, authenticated and not. The property: no answer is a
 * 5xx (or an INTERNAL_ERROR socket answer) and every request gets an answer.
 */

export interface FuzzOptions {
  baseUrl: string;
  count: number;
  seed: number;
  /** An admin of a workspace: the fuzzer creates an agent, API keys and a visitor session through the API. */
  admin: { email: string; password: string };
  workerToken: string;
  concurrency?: number;
  onProgress?: (done: number) => void;
}

export interface FuzzFinding {
  index: number;
  target: string;
  outcome: string;
  input: string;
}

export interface FuzzReport {
  seed: number;
  sent: number;
  restRequests: number;
  socketEvents: number;
  statusHistogram: Record<string, number>;
  socketHistogram: Record<string, number>;
  serverErrors: FuzzFinding[];
  /** Requests that got no answer at all (connection reset, timeout). */
  unanswered: FuzzFinding[];
}

type RestAuth = 'none' | 'garbage' | 'read' | 'write' | 'admin' | 'agent-token' | 'admin-token' | 'worker-token';
type Namespace = keyof typeof REALTIME_NAMESPACES;

interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; schema?: JsonSchema }>;
  body?: { contentTypes: string[]; schema?: JsonSchema };
}

interface RestCase {
  kind: 'rest';
  operation: Operation;
  auth: RestAuth;
  garbageToken: string;
  pathValues: unknown[];
  query: Array<[string, unknown]>;
  body: unknown;
  encoding: BodyEncoding;
  contentType: string;
  pick: number;
}

interface SocketCase {
  kind: 'socket';
  namespace: Namespace;
  event: string;
  args: unknown[];
  withAck: boolean;
}

interface HandshakeCase {
  kind: 'handshake';
  namespace: Namespace;
  auth: unknown;
}

type FuzzCase = RestCase | SocketCase | HandshakeCase;

export interface Credentials {
  tokens: Record<'read' | 'write' | 'admin', string>;
  adminToken: string;
  agentToken: string;
  widgetKey: string;
  visitorToken: string;
  /** The conversation of the current visitor session. */
  visitorConversationId: string;
  conversationIds: string[];
  /** Logs the agent in again, and opens a visitor session with the current widget key (fuzzed routes rotate it). */
  refresh(namespace: 'visitor' | 'agent'): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 20_000;
const ACK_TIMEOUT_MS = 10_000;

const SOCKET_EVENTS: Record<Namespace, Record<string, z.ZodType | undefined>> = {
  visitor: {
    'message:send': sendMessagePayloadSchema,
    'conversation:resume': resumeConversationPayloadSchema,
    'handoff:request': conversationRefPayloadSchema,
    'message:feedback': messageFeedbackPayloadSchema,
    'conversation:satisfaction': satisfactionPayloadSchema,
    'visitor:identify': visitorIdentitySchema,
    typing: typingPayloadSchema,
  },
  agent: {
    'message:send': sendMessagePayloadSchema,
    'conversation:takeover': conversationRefPayloadSchema,
    'conversation:resolve': conversationRefPayloadSchema,
    'conversation:handback': conversationRefPayloadSchema,
    'conversation:resume': resumeConversationPayloadSchema,
    'presence:set': presencePayloadSchema,
    typing: typingPayloadSchema,
  },
  worker: {
    'worker:register': workerRegistrationSchema,
    'worker:heartbeat': workerHeartbeatSchema,
    'job:delta': jobDeltaSchema,
    'job:done': jobDoneSchema,
    'job:failed': jobFailedSchema,
  },
};

const WORKER_REGISTRATION = {
  host: 'fuzzer',
  pid: process.pid,
  modelId: 'fuzz-model',
  modelVersion: '1',
  provider: 'none',
  decoder: 'none',
  maxBatchSize: 1,
  maxQueued: 0,
  maxSequenceLength: 64,
};

/** Events the contracts give no ack callback: they answer only when refused. */
const UNACKNOWLEDGED_EVENTS = new Set(['typing', 'worker:heartbeat', 'job:delta', 'job:done', 'job:failed']);

/** Names no gateway listens to, and names socket.io itself gives meaning to. */
const STRANGE_EVENTS = [
  '__proto__',
  'constructor',
  'toString',
  'unknown:event',
  'x'.repeat(5_000),
  '',
  'message',
  'ping',
];

/** Routes the document leaves out (the widget's own, health) but which face the internet all the same. */
const UNDOCUMENTED: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/widget/sessions',
    parameters: [],
    body: {
      contentTypes: ['application/json'],
      schema: { type: 'object', properties: { widgetKey: { type: 'string' } }, required: ['widgetKey'] },
    },
  },
  { method: 'get', path: '/api/v1/widget/config', parameters: [{ name: 'widgetKey', in: 'query' }] },
  { method: 'get', path: '/health', parameters: [] },
];

export async function runHostileFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const document = await getJson(`${options.baseUrl}/api/docs-json`);
  const operations = [...operationsOf(document), ...UNDOCUMENTED];
  const resolve = refResolver(document);
  const credentials = await createCredentials(options);
  const caseArbitrary = fuzzCase(operations, resolve, credentials);
  const sockets = new SocketPool(options.baseUrl, credentials, options.workerToken);
  const report: FuzzReport = {
    seed: options.seed,
    sent: 0,
    restRequests: 0,
    socketEvents: 0,
    statusHistogram: {},
    socketHistogram: {},
    serverErrors: [],
    unanswered: [],
  };
  const concurrency = options.concurrency ?? 4;
  const chunkSize = 50;
  try {
    for (let start = 0; start < options.count; start += chunkSize) {
      // Generated chunk by chunk (huge values are not all held at once), each chunk from the run's seed.
      const cases = fc.sample(caseArbitrary, {
        seed: (options.seed + start * 7919) | 0,
        numRuns: Math.min(chunkSize, options.count - start),
      });
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < cases.length) {
          const index = next++;
          await runCase(cases[index], start + index, options.baseUrl, credentials, sockets, report);
          options.onProgress?.(report.sent);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
    }
    // INTERNAL_ERROR events that arrived after their event's turn (each socket counts all it got).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const attributed = report.serverErrors.filter((finding) => finding.outcome === 'error INTERNAL_ERROR').length;
    for (let late = attributed; late < sockets.internalErrorEvents; late++) {
      report.serverErrors.push({
        index: -1,
        target: 'socket error event',
        outcome: 'late INTERNAL_ERROR',
        input: '(an earlier event)',
      });
    }
  } finally {
    sockets.closeAll();
  }
  return report;
}

async function runCase(
  fuzz: FuzzCase,
  index: number,
  baseUrl: string,
  credentials: Credentials,
  sockets: SocketPool,
  report: FuzzReport,
): Promise<void> {
  report.sent++;
  if (fuzz.kind === 'rest') {
    report.restRequests++;
    const request = restRequest(fuzz, baseUrl, credentials);
    const target = `${fuzz.operation.method.toUpperCase()} ${fuzz.operation.path}`;
    let outcome: string;
    try {
      const response = await fetch(request.url, {
        method: fuzz.operation.method.toUpperCase(),
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      outcome = String(response.status);
      if (fuzz.operation.method === 'delete' && response.ok) {
        await replaceDeletedConversations(fuzz, credentials, sockets);
      }
      if (response.status >= 500) {
        report.serverErrors.push({ index, target, outcome, input: describeRest(request) });
      }
    } catch (error) {
      outcome = 'no answer';
      report.unanswered.push({ index, target, outcome: (error as Error).message, input: describeRest(request) });
    }
    count(report.statusHistogram, outcome);
    return;
  }
  report.socketEvents++;
  const target = fuzz.kind === 'socket' ? `${fuzz.namespace} ${fuzz.event}` : `${fuzz.namespace} handshake`;
  const outcome = fuzz.kind === 'socket' ? await sockets.emit(fuzz) : await sockets.handshake(fuzz);
  count(report.socketHistogram, outcome);
  if (outcome.includes('INTERNAL_ERROR')) {
    report.serverErrors.push({ index, target, outcome, input: describeSocket(fuzz) });
  } else if (outcome === 'no answer') {
    report.unanswered.push({ index, target, outcome, input: describeSocket(fuzz) });
  }
}

/** A fuzzed DELETE removed a conversation the payloads draw on: a new visitor session brings a new one. */
async function replaceDeletedConversations(
  fuzz: RestCase,
  credentials: Credentials,
  sockets: SocketPool,
): Promise<void> {
  for (const [index, id] of credentials.conversationIds.entries()) {
    if (fuzz.operation.path.startsWith('/api/v1/conversations/{id}') && fuzz.pathValues[0] === id) {
      await credentials.refresh('visitor');
      credentials.conversationIds[index] = credentials.visitorConversationId;
      sockets.drop('visitor');
    }
  }
}

function count(histogram: Record<string, number>, key: string): void {
  histogram[key] = (histogram[key] ?? 0) + 1;
}

// --- REST -----------------------------------------------------------------------------------------

function operationsOf(document: unknown): Operation[] {
  const paths = (document as { paths: Record<string, Record<string, unknown>> }).paths;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const operation = raw as {
        parameters?: Operation['parameters'];
        requestBody?: { content: Record<string, { schema?: JsonSchema }> };
      };
      const content = operation.requestBody?.content;
      operations.push({
        method,
        path,
        parameters: operation.parameters ?? [],
        body:
          content === undefined
            ? undefined
            : { contentTypes: Object.keys(content), schema: Object.values(content)[0]?.schema },
      });
    }
  }
  return operations;
}

function refResolver(document: unknown): (ref: string) => JsonSchema {
  return (ref) => {
    let node: unknown = document;
    for (const part of ref.replace(/^#\//, '').split('/')) {
      node = (node as Record<string, unknown> | undefined)?.[part];
    }
    return (node as JsonSchema | undefined) ?? {};
  };
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/merge-patch+json',
  '',
];

function fuzzCase(
  operations: Operation[],
  resolve: (ref: string) => JsonSchema,
  credentials: Credentials,
): fc.Arbitrary<FuzzCase> {
  const ids = fc.oneof(
    { arbitrary: fc.constantFrom(...credentials.conversationIds), weight: 4 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', '0', '-1', '1e999'), weight: 1 },
    { arbitrary: hostileString, weight: 2 },
    { arbitrary: fc.constantFrom(...BOUNDARY_NUMBERS), weight: 1 },
  );
  const rest: fc.Arbitrary<FuzzCase> = fc.constantFrom(...operations).chain((operation) => {
    const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
    const query = fc.array(
      fc.oneof(
        {
          arbitrary:
            queryParameters.length > 0
              ? fc
                  .constantFrom(...queryParameters)
                  .chain((parameter) =>
                    fc.tuple(fc.constant(parameter.name), fromSchema(parameter.schema, resolve, 0.4)),
                  )
              : fc.tuple(hostileString, hostileValue),
          weight: 5,
        },
        { arbitrary: fc.tuple(hostileString, hostileValue), weight: 1 },
      ),
      { maxLength: 5 },
    );
    return fc.record({
      kind: fc.constant<'rest'>('rest'),
      operation: fc.constant(operation),
      auth: fc.oneof(
        { arbitrary: fc.constant<RestAuth>('admin'), weight: 6 },
        { arbitrary: fc.constant<RestAuth>('admin-token'), weight: 3 },
        { arbitrary: fc.constant<RestAuth>('agent-token'), weight: 2 },
        { arbitrary: fc.constantFrom<RestAuth>('read', 'write'), weight: 2 },
        { arbitrary: fc.constantFrom<RestAuth>('none', 'garbage', 'worker-token'), weight: 2 },
      ),
      garbageToken: fc.oneof(hostileString, fc.constantFrom('ndk_', 'ndk_x', 'Bearer', 'ndr_x')),
      pathValues: fc.array(ids, { minLength: 2, maxLength: 2 }),
      query,
      body: fromSchema(operation.body?.schema, resolve, 0.3),
      encoding: bodyEncoding,
      contentType: fc.oneof(
        {
          arbitrary: fc.constantFrom(...(operation.body?.contentTypes ?? ['application/json'])),
          weight: 8,
        },
        { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 },
      ),
      pick: uniform,
    });
  });
  const socket: fc.Arbitrary<FuzzCase> = fc.constantFrom<Namespace>('visitor', 'agent', 'worker').chain((namespace) =>
    fc.oneof(
      {
        arbitrary: fc
          .constantFrom(...Object.keys(SOCKET_EVENTS[namespace]))
          .chain((event) => socketCase(namespace, event, SOCKET_EVENTS[namespace][event], credentials)),
        weight: 8,
      },
      {
        arbitrary: fc
          .constantFrom(...STRANGE_EVENTS)
          .chain((event) => socketCase(namespace, event, undefined, credentials)),
        weight: 1,
      },
      {
        arbitrary: fc.record({
          kind: fc.constant<'handshake'>('handshake'),
          namespace: fc.constant(namespace),
          auth: fc.oneof(
            hostileValue,
            fc.dictionary(fc.constantFrom('token', 'widgetKey', 'visitorToken'), hostileValue),
          ),
        }),
        weight: 1,
      },
    ),
  );
  return fc.oneof({ arbitrary: rest, weight: 3 }, { arbitrary: socket, weight: 2 });
}

function socketCase(
  namespace: Namespace,
  event: string,
  schema: z.ZodType | undefined,
  credentials: Credentials,
): fc.Arbitrary<FuzzCase> {
  const jsonSchema =
    schema === undefined ? undefined : (z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonSchema);
  const payload = fromSchema(jsonSchema, () => ({}), 0.25).map((value) => withKnownIds(value, credentials));
  const binary = fc
    .uint8Array({ maxLength: 64 })
    .map((bytes) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes)]));
  return fc.record({
    kind: fc.constant<'socket'>('socket'),
    namespace: fc.constant(namespace),
    event: fc.constant(event),
    args: fc.oneof(
      { arbitrary: payload.map((value) => [value]), weight: 8 },
      { arbitrary: fc.constant<unknown[]>([]), weight: 1 },
      { arbitrary: fc.array(fc.oneof(payload, hostileValue, binary), { minLength: 1, maxLength: 3 }), weight: 2 },
    ),
    withAck: fc.boolean(),
  });
}

/** Generated conversation ids point at real conversations now and then, so handlers get past the lookup. */
function withKnownIds(value: unknown, credentials: Credentials): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'conversationId' in value) {
    const id = value.conversationId;
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) && id.charCodeAt(0) % 4 !== 0) {
      const known = credentials.conversationIds[id.charCodeAt(1) % credentials.conversationIds.length];
      Object.defineProperty(value, 'conversationId', { value: known, enumerable: true, writable: true });
    }
  }
  return value;
}

interface BuiltRequest {
  url: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

function restRequest(fuzz: RestCase, baseUrl: string, credentials: Credentials): BuiltRequest {
  let valueIndex = 0;
  const path = fuzz.operation.path.replace(/\{[^}]+\}/g, () =>
    percent(urlText(fuzz.pathValues[valueIndex++ % fuzz.pathValues.length], fuzz.pick)),
  );
  const fullSearch = fuzz.query
    .map(([name, value]) => `${percent(urlText(name, fuzz.pick))}=${percent(urlText(value, fuzz.pick))}`)
    .join('&');
  // Cut (maybe mid-escape) below Node's 16 KiB header limit, except now and then.
  const search = fuzz.pick < 0.05 ? fullSearch : fullSearch.slice(0, 12_000);
  const headers: Record<string, string> = {};
  const token = tokenFor(fuzz, credentials);
  if (token !== undefined) {
    headers.authorization = `Bearer ${token}`;
  }
  if (fuzz.operation.path === '/api/v1/conversations/{id}/messages' && fuzz.pick < 0.5) {
    headers['idempotency-key'] = asHeader(fuzz.query[0]?.[1] ?? randomUUID());
  }
  const sendsBody =
    !['get', 'head'].includes(fuzz.operation.method) && (fuzz.operation.body !== undefined || fuzz.pick < 0.2);
  let body: Buffer | undefined;
  if (sendsBody) {
    body =
      fuzz.contentType.startsWith('text/') && fuzz.encoding === 'json'
        ? Buffer.from(asText(fuzz.body))
        : encodeBody(fuzz.body, fuzz.encoding, fuzz.pick);
    if (fuzz.contentType !== '') {
      headers['content-type'] = fuzz.contentType;
    }
  }
  return { url: `${baseUrl}${path}${search === '' ? '' : `?${search}`}`, headers, body };
}

function tokenFor(fuzz: RestCase, credentials: Credentials): string | undefined {
  switch (fuzz.auth) {
    case 'none':
      return undefined;
    case 'garbage':
      return asHeader(fuzz.garbageToken);
    case 'read':
    case 'write':
    case 'admin':
      return credentials.tokens[fuzz.auth];
    case 'agent-token':
      return credentials.agentToken;
    case 'admin-token':
      return credentials.adminToken;
    case 'worker-token':
      return credentials.visitorToken;
  }
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

/** URL parts: cut to 1,000 characters mostly, so requests get past Node's 16 KiB header limit (431). */
function urlText(value: unknown, pick: number): string {
  const text = asText(value);
  return pick < 0.05 ? text : text.slice(0, 1_000);
}

/** Header values must be visible ASCII for fetch to send them at all; the rest is percent-encoded. */
function asHeader(value: unknown): string {
  return percent(asText(value)).slice(0, 4_000) || 'x';
}

/**
 * Percent-encoding that lets malformed input through: a lone surrogate becomes the bytes of an encoded
 * surrogate (invalid UTF-8), and a value that starts with '%' goes as it is ('%', '%FF%FE', '%E0%A4%A').
 */
function percent(text: string): string {
  if (text.startsWith('%')) {
    return text;
  }
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out += code >= 0xd800 && code <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(char);
  }
  return out;
}

function describeRest(request: BuiltRequest): string {
  const body =
    request.body === undefined
      ? ''
      : ` body(${request.body.length} B)=${JSON.stringify(request.body.subarray(0, 300).toString('latin1'))}`;
  const headers = {
    ...request.headers,
    ...(request.headers.authorization === undefined ? {} : { authorization: '[redacted]' }),
  };
  return `${request.url.slice(0, 400)} headers=${JSON.stringify(headers)}${body}`;
}

function describeSocket(fuzz: SocketCase | HandshakeCase): string {
  const text =
    fuzz.kind === 'socket'
      ? JSON.stringify({ args: fuzz.args, withAck: fuzz.withAck })
      : JSON.stringify({ auth: fuzz.auth });
  return (text ?? '').slice(0, 400);
}

// --- sockets ----------------------------------------------------------------------------------------

interface RealtimeError {
  code?: unknown;
  message?: unknown;
}

/** One authenticated socket per namespace, reopened when the server closes it (payload too large, etc.). */
class SocketPool {
  internalErrorEvents = 0;
  private readonly open = new Map<Namespace, Promise<Socket>>();
  private readonly all: Socket[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: Credentials,
    private readonly workerToken: string,
  ) {}

  async emit(fuzz: SocketCase): Promise<string> {
    let socket: Socket;
    try {
      socket = await this.socketFor(fuzz.namespace);
    } catch (error) {
      return `connect failed: ${(error as Error).message}`;
    }
    return new Promise<string>((resolve) => {
      const timer = setTimeout(() => finish('no answer'), ACK_TIMEOUT_MS);
      const onError = (error: RealtimeError): void => finish(`error ${String(error.code)}`);
      const onDisconnect = (): void => finish('disconnected');
      const finish = (outcome: string): void => {
        clearTimeout(timer);
        socket.off('error', onError);
        socket.off('disconnect', onDisconnect);
        resolve(outcome);
      };
      socket.once('disconnect', onDisconnect);
      try {
        if (fuzz.withAck && !UNACKNOWLEDGED_EVENTS.has(fuzz.event)) {
          socket.once('error', onError);
          socket.emit(fuzz.event, ...fuzz.args, (answer: { ok?: unknown; error?: RealtimeError }) =>
            finish(answer?.ok === true ? 'ack ok' : `ack ${String(answer?.error?.code)}`),
          );
        } else {
          // Without an ack an event answers only when refused; a short wait collects that answer.
          socket.once('error', onError);
          // An ack callback on an event the contract gives none is never called: send it all the same.
          socket.emit(fuzz.event, ...fuzz.args, ...(fuzz.withAck ? [() => undefined] : []));
          clearTimeout(timer);
          setTimeout(() => finish('sent'), 150);
        }
      } catch (error) {
        // socket.io-client refuses reserved names and some values itself: nothing reached the server.
        finish(`client refused: ${(error as Error).message.slice(0, 60)}`);
      }
    });
  }

  async handshake(fuzz: HandshakeCase): Promise<string> {
    const socket = this.connect(fuzz.namespace, fuzz.auth);
    return new Promise<string>((resolve) => {
      const timer = setTimeout(() => done('no answer'), ACK_TIMEOUT_MS);
      const done = (outcome: string): void => {
        clearTimeout(timer);
        socket.disconnect();
        resolve(outcome);
      };
      socket.once('error', (error: RealtimeError) => done(`refused ${String(error.code)}`));
      socket.once('session:ready', () => done('accepted'));
      socket.once('connect_error', (error: Error) => done(`connect_error ${error.message.slice(0, 40)}`));
      // socket.io closes the connection itself on a CONNECT packet whose auth is not an object.
      socket.once('disconnect', (reason: string) => done(`closed: ${reason}`));
    });
  }

  /** Closes the namespace's socket; the next event opens one with the current credentials. */
  drop(namespace: Namespace): void {
    const socket = this.open.get(namespace);
    this.open.delete(namespace);
    void socket?.then((open) => open.disconnect()).catch(() => undefined);
  }

  closeAll(): void {
    for (const socket of this.all.splice(0)) {
      socket.disconnect();
    }
  }

  private socketFor(namespace: Namespace): Promise<Socket> {
    const existing = this.open.get(namespace);
    if (existing !== undefined) {
      return existing.then(
        (socket) => (socket.connected ? socket : this.reopenFresh(namespace)),
        () => this.reopenFresh(namespace),
      );
    }
    return this.reopenFresh(namespace);
  }

  /** Opens the namespace's socket; when refused, renews the credentials once (a fuzzed route may have revoked them). */
  private reopenFresh(namespace: Namespace): Promise<Socket> {
    const opening = this.reopen(namespace).catch(async (error: unknown) => {
      if (namespace === 'worker') {
        throw error;
      }
      await this.credentials.refresh(namespace);
      return this.reopen(namespace);
    });
    this.open.set(namespace, opening);
    return opening;
  }

  private reopen(namespace: Namespace): Promise<Socket> {
    const auth =
      namespace === 'visitor'
        ? { widgetKey: this.credentials.widgetKey, visitorToken: this.credentials.visitorToken }
        : namespace === 'agent'
          ? { token: this.credentials.agentToken }
          : { token: this.workerToken };
    const opening = new Promise<Socket>((resolve, reject) => {
      const socket = this.connect(namespace, auth);
      const timer = setTimeout(() => settle(new Error(`no session on ${namespace}`)), ACK_TIMEOUT_MS);
      const settle = (outcome: Socket | Error): void => {
        clearTimeout(timer);
        if (outcome instanceof Error) {
          reject(outcome);
        } else {
          resolve(outcome);
        }
      };
      socket.once('session:ready', () => settle(socket));
      socket.once('connect', () => {
        if (namespace === 'worker') {
          // Registered, so job events get past the registration check to their own validation.
          socket.emit('worker:register', WORKER_REGISTRATION, (answer: { ok?: boolean }) =>
            settle(answer?.ok === true ? socket : new Error('worker:register refused')),
          );
        }
      });
      socket.once('connect_error', (error: Error) => settle(error));
      socket.once('disconnect', (reason: string) => settle(new Error(`disconnected: ${reason}`)));
      socket.on('error', (error: RealtimeError) => {
        if (error.code === 'INTERNAL_ERROR') {
          this.internalErrorEvents++;
        }
        settle(new Error(`refused: ${String(error.code)}`));
      });
    });
    return opening;
  }

  private connect(namespace: Namespace, auth: unknown): Socket {
    const socket = io(`${this.baseUrl}${REALTIME_NAMESPACES[namespace]}`, {
      transports: ['websocket'],
      auth: auth as Record<string, unknown>,
      reconnection: false,
      forceNew: true,
    });
    this.all.push(socket);
    return socket;
  }
}

// --- setup through the API -----------------------------------------------------------------------------

/** A real agent login, API keys of each scope, a visitor session and two conversations, made through the API. */
export async function createCredentials(options: Pick<FuzzOptions, 'baseUrl' | 'admin'>): Promise<Credentials> {
  const base = options.baseUrl;
  const admin = (await postJson(`${base}/api/v1/auth/login`, options.admin)) as { accessToken: string };
  const asAdmin = { authorization: `Bearer ${admin.accessToken}` };
  const agentEmail = `fuzz-agent-${randomUUID()}@example.com`;
  const agentPassword = `fuzz agent password ${randomUUID()}`;
  await postJson(
    `${base}/api/v1/users`,
    { email: agentEmail, displayName: 'Fuzz agent', password: agentPassword, role: 'agent' },
    asAdmin,
  );
  const agent = (await postJson(`${base}/api/v1/auth/login`, { email: agentEmail, password: agentPassword })) as {
    accessToken: string;
  };
  const key = async (scope: 'read' | 'write' | 'admin'): Promise<string> =>
    (
      (await postJson(`${base}/api/v1/api-keys`, { name: `fuzz ${scope}`, scopes: [scope] }, asAdmin)) as {
        key: string;
      }
    ).key;
  const tokens = { read: await key('read'), write: await key('write'), admin: await key('admin') };
  const workspace = (await getJson(`${base}/api/v1/workspace`, asAdmin)) as { widgetKey: string };
  const session = (await postJson(`${base}/api/v1/widget/sessions`, { widgetKey: workspace.widgetKey })) as {
    visitorToken: string;
    conversation: { id: string };
  };
  const credentials: Credentials = {
    tokens,
    adminToken: admin.accessToken,
    agentToken: agent.accessToken,
    widgetKey: workspace.widgetKey,
    visitorToken: session.visitorToken,
    visitorConversationId: session.conversation.id,
    conversationIds: [],
    refresh: async (namespace) => {
      if (namespace === 'agent') {
        credentials.agentToken = (
          (await postJson(`${base}/api/v1/auth/login`, { email: agentEmail, password: agentPassword })) as {
            accessToken: string;
          }
        ).accessToken;
        return;
      }
      // Payloads run in several lanes: another lane's fuzzed rotate-widget-key may land between reading the
      // key and opening the session, so a key refused as unknown is read again.
      let renewed: { visitorToken: string; conversation: { id: string } } | undefined;
      for (let attempt = 1; renewed === undefined; attempt++) {
        const current = (await getJson(`${base}/api/v1/workspace`, { authorization: `Bearer ${tokens.admin}` })) as {
          widgetKey: string;
        };
        credentials.widgetKey = current.widgetKey;
        try {
          renewed = (await postJson(`${base}/api/v1/widget/sessions`, { widgetKey: current.widgetKey })) as {
            visitorToken: string;
            conversation: { id: string };
          };
        } catch (error) {
          if (attempt >= 5 || !(error as Error).message.includes('WIDGET_UNKNOWN_KEY')) {
            throw error;
          }
        }
      }
      credentials.visitorToken = renewed.visitorToken;
      credentials.visitorConversationId = renewed.conversation.id;
    },
  };
  // A conversation the visitor started over its socket, and one made through the REST API.
  const visitorConversation = session.conversation.id;
  const socket = io(`${base}${REALTIME_NAMESPACES.visitor}`, {
    transports: ['websocket'],
    auth: { widgetKey: workspace.widgetKey, visitorToken: session.visitorToken },
    reconnection: false,
    forceNew: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('session:ready', () => {
        socket.emit(
          'message:send',
          { conversationId: visitorConversation, clientMessageId: randomUUID(), text: 'Hello from the fuzzer' },
          (answer: { ok: boolean; error?: unknown }) =>
            answer.ok ? resolve() : reject(new Error(`message:send refused: ${JSON.stringify(answer.error)}`)),
        );
      });
    });
  } finally {
    socket.disconnect();
  }
  credentials.conversationIds.push(visitorConversation);
  const created = (await postJson(
    `${base}/api/v1/conversations`,
    {},
    { authorization: `Bearer ${tokens.admin}` },
  ).catch(() => undefined)) as { id?: string } | undefined;
  if (typeof created?.id === 'string') {
    credentials.conversationIds.push(created.id);
  }
  return credentials;
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, { headers });
  if (!response.ok) {
    throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  }
  return response.status === 204 ? undefined : response.json();
}
