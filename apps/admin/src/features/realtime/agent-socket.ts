import type {
  Ack,
  AgentClientToServerEvents,
  AgentServerToClientEvents,
  RealtimeErrorBody,
  RealtimeErrorCode,
} from '@neodesk/contracts';
import { type Socket, io } from 'socket.io-client';
import { sessionStore } from '../auth/session-store';

export type AgentSocket = Socket<AgentServerToClientEvents, AgentClientToServerEvents>;

/** The dashboard's one socket on `/agent`: websocket only (the gateway is), the current token on every connect. */
export function createAgentSocket(): AgentSocket {
  return io('/agent', {
    transports: ['websocket'],
    autoConnect: false,
    reconnectionDelayMax: 5_000,
    auth: (send) => send({ token: sessionStore.get()?.accessToken ?? '' }),
  });
}

/** Acknowledged events whose answer is `Ack<T>`. */
type AckedEvent = {
  [E in keyof AgentClientToServerEvents]: Parameters<AgentClientToServerEvents[E]> extends [unknown, unknown]
    ? E
    : never;
}[keyof AgentClientToServerEvents];

type AckData<E extends AckedEvent> = Parameters<AgentClientToServerEvents[E]>[1] extends (result: Ack<infer T>) => void
  ? T
  : never;

/** A refusal in an ack: the server's message, its code, and whether the same event may succeed later. */
export class AckError extends Error {
  readonly code: RealtimeErrorCode;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(error: RealtimeErrorBody) {
    super(error.message);
    this.name = 'AckError';
    this.code = error.code;
    this.retryable = error.retryable === true;
    this.retryAfterSeconds = error.retryAfterSeconds;
  }
}

/** An acknowledged event as a promise: the ack's data, or an AckError with the server's message. */
export async function request<E extends AckedEvent>(
  socket: AgentSocket,
  event: E,
  payload: Parameters<AgentClientToServerEvents[E]>[0],
): Promise<AckData<E>> {
  // socket.io's typings cannot follow a generic event name through emitWithAck.
  const timed = socket.timeout(15_000) as unknown as {
    emitWithAck(name: E, body: typeof payload): Promise<Ack<AckData<E>>>;
  };
  const answer = await timed.emitWithAck(event, payload);
  if (!answer.ok) {
    throw new AckError(answer.error);
  }
  return answer.data;
}

/**
 * `request`, sent again unchanged while the server answers a retryable refusal (its database is
 * restarting), for at most `forMs`; `onWait` hears each wait. The payload must carry the client id that
 * makes a repeat harmless (message:send's clientMessageId).
 */
export async function requestRetrying<E extends AckedEvent>(
  socket: AgentSocket,
  event: E,
  payload: Parameters<AgentClientToServerEvents[E]>[0],
  onWait: (error: AckError) => void,
  forMs = 120_000,
): Promise<AckData<E>> {
  const deadline = Date.now() + forMs;
  for (;;) {
    try {
      return await request(socket, event, payload);
    } catch (error) {
      const waitMs = error instanceof AckError && error.retryable ? (error.retryAfterSeconds ?? 5) * 1000 : null;
      if (waitMs === null || Date.now() + waitMs > deadline) {
        throw error;
      }
      onWait(error as AckError);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
