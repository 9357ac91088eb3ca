import { Logger } from '@nestjs/common';
import type { Ack, RealtimeErrorBody, RealtimeErrorCode } from '@neodesk/contracts';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '@neodesk/persistence';
import type { z } from 'zod';
import { AuthError, AuthErrorCode } from '../auth/auth.error';
import { assertUnreachable } from '../common/assert-unreachable';
import { ConversationError, ConversationErrorCode } from '../conversations/conversation.error';
import { WidgetError, WidgetErrorCode } from '../widget/widget.error';
import { WorkerError, WorkerErrorCode } from '../workers/worker.error';
import { GatewayError, GatewayErrorCode } from './gateway.error';

/** The part of a socket the error helpers use; typed sockets of every namespace fit it. */
export interface ErrorSink {
  readonly id: string;
  emit(event: 'error', error: RealtimeErrorBody): boolean;
  disconnect(close?: boolean): unknown;
  /** socket.io's packet middleware: `packet` is the event name and its arguments, ack callback last. */
  use(middleware: (packet: [string, ...unknown[]], next: (error?: Error) => void) => void): unknown;
}

const logger = new Logger('RealtimeGateway');

/** Runs an acknowledged event's work; every failure becomes an error ack, never a crash. */
export async function respond<T>(socket: ErrorSink, work: () => Promise<T>): Promise<Ack<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    return { ok: false, error: describe(socket, error) };
  }
}

/** Runs an event that has no ack; a failure is reported with an `error` event. */
export async function notify(socket: ErrorSink, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    socket.emit('error', describe(socket, error));
  }
}

/** Tells the client why, then closes its connection to the namespace. */
export function refuse(socket: ErrorSink, error: unknown): void {
  socket.emit('error', describe(socket, error));
  socket.disconnect();
}

/** Parses a client payload with its contracts schema at the edge. */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
      .join('; ');
    throw new GatewayError(GatewayErrorCode.InvalidPayload, detail);
  }
  return result.data;
}

/** A namespace's client events, split by whether the contract gives them an ack callback. */
export interface ClientEventList<Events> {
  acknowledged: readonly (keyof Events & string)[];
  unacknowledged: readonly (keyof Events & string)[];
}

/**
 * Every client event gets an answer (events.ts): an event nobody listens to is refused with
 * UNKNOWN_EVENT, and an acknowledged event sent without its ack callback gets one that reports a
 * refusal as an `error` event (a success needs no answer the client did not ask for).
 */
export function answerEveryEvent<Events>(socket: ErrorSink, events: ClientEventList<Events>): void {
  socket.use((packet, next) => {
    const event = packet[0] as keyof Events & string;
    if (events.unacknowledged.includes(event)) {
      next();
      return;
    }
    if (!events.acknowledged.includes(event)) {
      const error = describe(socket, new GatewayError(GatewayErrorCode.UnknownEvent, `Unknown event "${event}"`));
      const ack = packet.at(-1);
      if (typeof ack === 'function') {
        (ack as (result: Ack<never>) => void)({ ok: false, error });
      } else {
        socket.emit('error', error);
      }
      return;
    }
    if (typeof packet.at(-1) !== 'function') {
      packet.push((result: Ack<unknown>) => {
        if (!result.ok) {
          socket.emit('error', result.error);
        }
      });
    }
    next();
  });
}

function describe(socket: ErrorSink, error: unknown): RealtimeErrorBody {
  if (isDatabaseUnavailable(error)) {
    // Expected while the server restarts: one line without the stack, and the client is told to send
    // the same event again (its clientMessageId makes the retry store the message once).
    logger.warn({ socketId: socket.id, reason: reasonOf(error) }, `Database unavailable on socket ${socket.id}`);
    return {
      code: 'DATABASE_UNAVAILABLE',
      message: `The database is unavailable; send the same event again in ${DATABASE_RETRY_AFTER_SECONDS} s.`,
      retryable: true,
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    };
  }
  const code = clientCode(error);
  if (code === null || !(error instanceof Error)) {
    // The client gets the socket id to quote; the log line has it with the stack.
    logger.error({ err: error, socketId: socket.id }, `Unhandled error on socket ${socket.id}`);
    return { code: 'INTERNAL_ERROR', message: `An unexpected error occurred (socket ${socket.id})` };
  }
  return { code, message: error.message };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The one mapping from domain and edge errors to the codes clients see; null for anything else. */
function clientCode(error: unknown): RealtimeErrorCode | null {
  if (error instanceof GatewayError) {
    return gatewayCode(error.code);
  }
  if (error instanceof ConversationError) {
    return conversationCode(error.code);
  }
  if (error instanceof WidgetError) {
    return widgetCode(error.code);
  }
  if (error instanceof AuthError) {
    return authCode(error.code);
  }
  if (error instanceof WorkerError) {
    return workerCode(error.code);
  }
  return null;
}

function gatewayCode(code: GatewayErrorCode): RealtimeErrorCode {
  switch (code) {
    case GatewayErrorCode.Unauthorized:
      return 'UNAUTHORIZED';
    case GatewayErrorCode.InvalidPayload:
      return 'INVALID_PAYLOAD';
    case GatewayErrorCode.UnknownEvent:
      return 'UNKNOWN_EVENT';
    default:
      return assertUnreachable(code);
  }
}

function conversationCode(code: ConversationErrorCode): RealtimeErrorCode {
  switch (code) {
    case ConversationErrorCode.NotFound:
      return 'CONVERSATION_NOT_FOUND';
    case ConversationErrorCode.InvalidMessage:
      return 'MESSAGE_INVALID';
    case ConversationErrorCode.ClientMessageIdConflict:
      return 'MESSAGE_CLIENT_ID_CONFLICT';
    case ConversationErrorCode.InvalidInput:
    case ConversationErrorCode.MessageNotFound: // the payload names a message that is not there
    case ConversationErrorCode.FeedbackNotAllowed: // or one that takes no rating
      return 'INVALID_PAYLOAD';
    case ConversationErrorCode.InvalidTransition:
    case ConversationErrorCode.AgentRequired:
    case ConversationErrorCode.AgentNotInWorkspace:
    case ConversationErrorCode.BotNotAllowed:
    case ConversationErrorCode.ReplySuperseded:
      return 'CONFLICT';
    default:
      return assertUnreachable(code);
  }
}

function widgetCode(code: WidgetErrorCode): RealtimeErrorCode {
  switch (code) {
    case WidgetErrorCode.UnknownWidgetKey:
    case WidgetErrorCode.InvalidVisitorToken:
      return 'UNAUTHORIZED';
    case WidgetErrorCode.OriginNotAllowed:
      return 'ORIGIN_NOT_ALLOWED';
    default:
      return assertUnreachable(code);
  }
}

function authCode(code: AuthErrorCode): RealtimeErrorCode {
  switch (code) {
    case AuthErrorCode.InvalidCredentials:
    case AuthErrorCode.InvalidToken:
    case AuthErrorCode.MissingCredentials:
    case AuthErrorCode.InvalidApiKey:
    case AuthErrorCode.InsufficientScope:
    case AuthErrorCode.InvalidRefreshToken:
      return 'UNAUTHORIZED';
    default:
      return assertUnreachable(code);
  }
}

function workerCode(code: WorkerErrorCode): RealtimeErrorCode {
  switch (code) {
    case WorkerErrorCode.Unauthorized:
      return 'UNAUTHORIZED';
    case WorkerErrorCode.NotRegistered:
      return 'WORKER_NOT_REGISTERED';
    default:
      return assertUnreachable(code);
  }
}
