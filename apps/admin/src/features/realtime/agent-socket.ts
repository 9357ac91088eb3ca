import type { Ack, AgentClientToServerEvents, AgentServerToClientEvents } from '@neodesk/contracts';
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

/** An acknowledged event as a promise: the ack's data, or an error with the server's message. */
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
    throw new Error(answer.error.message);
  }
  return answer.data;
}
