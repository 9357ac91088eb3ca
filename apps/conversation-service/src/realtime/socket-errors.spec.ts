import net from 'node:net';
import { Logger } from '@nestjs/common';
import type { RealtimeErrorBody } from '@neodesk/contracts';
import { sendMessagePayloadSchema } from '@neodesk/contracts';
import { Client, DatabaseError, Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { WidgetError, WidgetErrorCode } from '../widget/widget.error';
import { type ErrorSink, answerEveryEvent, notify, parsePayload, refuse, respond } from './socket-errors';

class FakeSocket implements ErrorSink {
  readonly id = 'socket-1';
  readonly emitted: RealtimeErrorBody[] = [];
  disconnected = false;
  /** What reached the gateway's handlers after the middleware: event name and arguments. */
  readonly dispatched: unknown[][] = [];
  private middleware: ((packet: [string, ...unknown[]], next: (error?: Error) => void) => void) | undefined;

  emit(_event: 'error', error: RealtimeErrorBody): boolean {
    this.emitted.push(error);
    return true;
  }

  disconnect(): void {
    this.disconnected = true;
  }

  use(middleware: (packet: [string, ...unknown[]], next: (error?: Error) => void) => void): void {
    this.middleware = middleware;
  }

  receive(event: string, ...args: unknown[]): void {
    const packet: [string, ...unknown[]] = [event, ...args];
    this.middleware?.(packet, () => this.dispatched.push(packet));
  }
}

describe('socket error helpers', () => {
  let socket: FakeSocket;

  beforeEach(() => {
    socket = new FakeSocket();
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('should ack the result of successful work', async () => {
    await expect(respond(socket, () => Promise.resolve(7))).resolves.toEqual({ ok: true, data: 7 });
  });

  it('should map domain errors to client codes with their message', async () => {
    const notFound = await respond(socket, () =>
      Promise.reject(new ConversationError(ConversationErrorCode.NotFound, 'gone')),
    );
    expect(notFound).toEqual({ ok: false, error: { code: 'CONVERSATION_NOT_FOUND', message: 'gone' } });
    const origin = await respond(socket, () =>
      Promise.reject(new WidgetError(WidgetErrorCode.OriginNotAllowed, 'nope')),
    );
    expect(origin).toEqual({ ok: false, error: { code: 'ORIGIN_NOT_ALLOWED', message: 'nope' } });
  });

  it('should answer INTERNAL_ERROR with the socket id, hide the cause and log it', async () => {
    const ack = await respond(socket, () => Promise.reject(new Error('database password is hunter2')));
    expect(ack).toEqual({ ok: false, error: { code: 'INTERNAL_ERROR', message: expect.stringContaining('socket-1') } });
    expect(JSON.stringify(ack)).not.toContain('hunter2');
    expect(Logger.prototype.error).toHaveBeenCalledWith(
      expect.objectContaining({ socketId: 'socket-1' }),
      expect.any(String),
    );
  });

  it('should report failures of ack-less events with an error event', async () => {
    await notify(socket, () => Promise.reject(new ConversationError(ConversationErrorCode.InvalidMessage, 'bad')));
    expect(socket.emitted).toEqual([{ code: 'MESSAGE_INVALID', message: 'bad' }]);
  });

  it('should tell a refused socket why before disconnecting it', () => {
    refuse(socket, new WidgetError(WidgetErrorCode.UnknownWidgetKey, 'Unknown widget key'));
    expect(socket.emitted).toEqual([{ code: 'UNAUTHORIZED', message: 'Unknown widget key' }]);
    expect(socket.disconnected).toBe(true);
  });

  it('should throw INVALID_PAYLOAD naming the bad field', async () => {
    const ack = await respond(socket, () => Promise.resolve(parsePayload(sendMessagePayloadSchema, { text: 1 })));
    expect(ack).toEqual({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('conversationId') },
    });
  });

  it('should answer unknown events through their ack or an error event, and pass known ones on', () => {
    answerEveryEvent(socket, { acknowledged: ['message:send'], unacknowledged: ['typing'] });
    const ack = jest.fn();
    socket.receive('message:send', {}, ack);
    socket.receive('typing', {});
    socket.receive('nope', {}, ack);
    socket.receive('nope:again');
    expect(ack).toHaveBeenCalledTimes(1);
    expect(ack).toHaveBeenCalledWith({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_EVENT' }) });
    expect(socket.emitted).toEqual([expect.objectContaining({ code: 'UNKNOWN_EVENT' })]);
    expect(socket.dispatched).toEqual([
      ['message:send', {}, ack],
      ['typing', {}],
    ]);
  });

  it('should give an acknowledged event sent without ack one that reports only refusals as error events', () => {
    answerEveryEvent(socket, { acknowledged: ['message:send'], unacknowledged: [] });
    socket.receive('message:send', { text: 'x' });
    socket.receive('message:send');
    expect(socket.dispatched).toHaveLength(2);
    const [withPayload, bare] = socket.dispatched as [unknown[], unknown[]];
    expect(withPayload.slice(0, 2)).toEqual(['message:send', { text: 'x' }]);
    const ackOf = (packet: unknown[]) => packet.at(-1) as (result: unknown) => void;
    ackOf(withPayload)({ ok: true, data: 1 });
    expect(socket.emitted).toEqual([]);
    ackOf(bare)({ ok: false, error: { code: 'INVALID_PAYLOAD', message: 'conversationId: required' } });
    expect(socket.emitted).toEqual([{ code: 'INVALID_PAYLOAD', message: 'conversationId: required' }]);
  });

  describe('database unavailable', () => {
    const unavailable = {
      ok: false,
      error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String), retryable: true, retryAfterSeconds: 5 },
    };

    /** A pg server message as node-postgres builds it, wrapped by TypeORM as a query failure. */
    const queryFailure = (code: string, message: string) => {
      const driverError = new DatabaseError(message, message.length, 'error');
      driverError.code = code;
      return new QueryFailedError('INSERT INTO messages ...', [], driverError);
    };

    it('should answer a refused connection as retryable DATABASE_UNAVAILABLE, logged as a warning', async () => {
      const closedPort = await new Promise<number>((resolve) => {
        const server = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as net.AddressInfo;
          server.close(() => resolve(port));
        });
      });
      const client = new Client({ host: '127.0.0.1', port: closedPort, user: 'postgres', database: 'postgres' });
      const ack = await respond(socket, () => client.connect());
      expect(ack).toEqual(unavailable);
      expect(Logger.prototype.warn).toHaveBeenCalledWith(
        expect.objectContaining({ socketId: 'socket-1', reason: expect.stringContaining('ECONNREFUSED') }),
        expect.any(String),
      );
      expect(Logger.prototype.error).not.toHaveBeenCalled();
    });

    it('should answer a pool that found no connection in time as DATABASE_UNAVAILABLE', async () => {
      // A server that accepts connections and never answers, as one stuck in a restart does.
      const sockets: net.Socket[] = [];
      const silent = net.createServer((connection) => sockets.push(connection));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as net.AddressInfo;
      const pool = new Pool({ host: '127.0.0.1', port, user: 'postgres', connectionTimeoutMillis: 200 });
      try {
        expect(await respond(socket, () => pool.query('SELECT 1'))).toEqual(unavailable);
      } finally {
        await pool.end().catch(() => undefined);
        sockets.forEach((connection) => connection.destroy());
        await new Promise((resolve) => silent.close(resolve));
      }
    });

    it('should tell shutdown, start-up, connection and too-many-clients SQLSTATEs from other query failures', async () => {
      for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300']) {
        expect(await respond(socket, () => Promise.reject(queryFailure(code, 'the server is going away')))).toEqual(
          unavailable,
        );
      }
      const duplicate = await respond(socket, () =>
        Promise.reject(queryFailure('23505', 'duplicate key value violates unique constraint')),
      );
      expect(duplicate).toEqual({ ok: false, error: { code: 'INTERNAL_ERROR', message: expect.any(String) } });
    });
  });
});
