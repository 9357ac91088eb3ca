import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  type Ack,
  type AgentClientToServerEvents,
  REALTIME_NAMESPACES,
  type RealtimeErrorBody,
  type VisitorClientToServerEvents,
  type WorkerClientToServerEvents,
} from '@neodesk/contracts';
import { type Socket, io } from 'socket.io-client';
import { RealtimeClients, baseUrl, loginAgent, newTenant, openSession, ready } from '../../support/realtime-clients';
import { startTestApp } from '../../support/test-app';

const WORKER_TOKEN = 'event answers spec worker token';

// Every client event of each namespace, with a payload its schema refuses. Typed by the contracts, so a new
// event that is not listed here fails to compile.
const VISITOR_EVENTS: Record<keyof VisitorClientToServerEvents, unknown> = {
  'message:send': { conversationId: 'not-a-uuid', clientMessageId: 'c1', text: 'hi' },
  'conversation:resume': { conversationId: 'not-a-uuid', afterSeq: -1 },
  'handoff:request': { conversationId: 42 },
  'message:feedback': { conversationId: 'not-a-uuid', rating: 'great' },
  'conversation:satisfaction': { conversationId: 'not-a-uuid', score: 9 },
  'visitor:identify': { email: 'not an e-mail', hash: 'zz' },
  typing: { conversationId: 'not-a-uuid', isTyping: 'yes' },
};
const AGENT_EVENTS: Record<keyof AgentClientToServerEvents, unknown> = {
  'message:send': { conversationId: 'not-a-uuid', clientMessageId: 'c1', text: 'hi' },
  'conversation:takeover': { conversationId: 'nope' },
  'conversation:resolve': {},
  'conversation:handback': { conversationId: null },
  'conversation:resume': { conversationId: 'nope', afterSeq: 'zero' },
  'presence:set': { status: 'busy' },
  typing: { isTyping: true },
};
const WORKER_EVENTS: Record<keyof WorkerClientToServerEvents, unknown> = {
  'worker:register': { modelId: 3 },
  'worker:heartbeat': { running: 'many' },
  'job:delta': { jobId: 1 },
  'job:done': {},
  'job:failed': { jobId: null },
};
// Events the contracts declare without an ack: a refusal always comes as an `error` event.
const UNACKNOWLEDGED = new Set(['typing', 'worker:heartbeat', 'job:delta', 'job:done', 'job:failed']);

describe('Realtime gateway: every refused client event is answered, with or without an ack', () => {
  let app: NestExpressApplication;
  let clients: RealtimeClients;
  const extraSockets: Socket[] = [];

  let socketsOf: Record<'visitor' | 'agent' | 'worker', Socket>;

  beforeAll(async () => {
    app = await startTestApp(undefined, { WORKER_TOKEN });
    clients = new RealtimeClients(app);
    // One connection per namespace for the whole file: a refused event must leave it connected and usable.
    socketsOf = await sockets();
  });

  afterAll(async () => {
    clients.closeAll();
    extraSockets.forEach((socket) => socket.disconnect());
    await app.close();
  });

  async function sockets(): Promise<Record<'visitor' | 'agent' | 'worker', Socket>> {
    const tenant = await newTenant(app);
    const session = await openSession(app, tenant.workspace.widgetKey);
    const visitor = clients.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    const agent = clients.agent((await loginAgent(app, tenant.agentEmail)).accessToken);
    await ready(agent);
    const worker = io(`${baseUrl(app)}${REALTIME_NAMESPACES.worker}`, {
      transports: ['websocket'],
      auth: { token: WORKER_TOKEN },
      reconnection: false,
      forceNew: true,
    });
    extraSockets.push(worker);
    await new Promise<void>((resolve, reject) => {
      worker.once('connect', () => resolve());
      worker.once('connect_error', reject);
    });
    return { visitor: visitor as unknown as Socket, agent: agent as unknown as Socket, worker };
  }

  function nextError(socket: Socket): Promise<RealtimeErrorBody> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no error event within 5 s')), 5_000);
      socket.once('error', (error: RealtimeErrorBody) => {
        clearTimeout(timer);
        resolve(error);
      });
    });
  }

  const cases = [
    ...Object.entries(VISITOR_EVENTS).map(([event, payload]) => ['visitor', event, payload] as const),
    ...Object.entries(AGENT_EVENTS).map(([event, payload]) => ['agent', event, payload] as const),
    ...Object.entries(WORKER_EVENTS).map(([event, payload]) => ['worker', event, payload] as const),
  ];

  it.each(cases)('should answer a bad %s "%s" sent without an ack with an error event', async (ns, event, payload) => {
    const socket = socketsOf[ns];
    const error = nextError(socket);
    socket.emit(event, payload);
    await expect(error).resolves.toEqual({
      // An unregistered worker's job events are refused as such before their payload is read.
      code: ns === 'worker' && event !== 'worker:register' ? expect.any(String) : 'INVALID_PAYLOAD',
      message: expect.any(String),
    });
    expect(socket.connected).toBe(true);
  });

  it.each(cases.filter(([, event]) => !UNACKNOWLEDGED.has(event)))(
    'should answer a bad %s "%s" sent with an ack through the ack, and emit no error event',
    async (ns, event, payload) => {
      const socket = socketsOf[ns];
      const errors: RealtimeErrorBody[] = [];
      const onError = (error: RealtimeErrorBody): void => void errors.push(error);
      socket.on('error', onError);
      try {
        const ack: unknown = await socket.timeout(5_000).emitWithAck(event, payload);
        expect(ack).toEqual({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.any(String) } });
        // An error event would have arrived before the ack on the same connection.
        expect(errors).toEqual([]);
      } finally {
        socket.off('error', onError);
      }
    },
  );

  it('should answer an acknowledged event sent with no payload and no ack', async () => {
    const { visitor } = socketsOf;
    const error = nextError(visitor);
    visitor.emit('message:send');
    await expect(error).resolves.toEqual({ code: 'INVALID_PAYLOAD', message: expect.any(String) });
  });

  it('should not answer a successful event that asked for no ack', async () => {
    const tenant = await newTenant(app);
    const session = await openSession(app, tenant.workspace.widgetKey);
    const visitor = clients.visitor({ widgetKey: tenant.workspace.widgetKey, visitorToken: session.visitorToken });
    await ready(visitor);
    const errors: RealtimeErrorBody[] = [];
    visitor.on('error', (error) => errors.push(error));
    (visitor as unknown as Socket).emit('conversation:resume', {
      conversationId: session.conversation.id,
      afterSeq: 0,
    });
    // Then an acked round trip: its answer comes after anything the first event could have caused.
    const ack: Ack<unknown> = await visitor
      .timeout(5_000)
      .emitWithAck('conversation:resume', { conversationId: session.conversation.id, afterSeq: 0 });
    expect(ack.ok).toBe(true);
    expect(errors).toEqual([]);
  });
});
