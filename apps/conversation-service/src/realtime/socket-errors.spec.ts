import { Logger } from '@nestjs/common';
import type { RealtimeErrorBody } from '@neodesk/contracts';
import { sendMessagePayloadSchema } from '@neodesk/contracts';
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
});
