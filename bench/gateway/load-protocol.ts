/** What bench-gateway.ts hands the load client (a JSON file) and what the client writes back. */

export interface BenchVisitor {
  conversationId: string;
  widgetKey: string;
  visitorToken: string;
}

/** Every visitor sends `messages` messages back to back, each after the previous one's ack. */
export interface BurstLoad {
  kind: 'burst';
  messages: number;
}

/** Every visitor sends one message every `minIntervalMs` to `maxIntervalMs` (uniform), for `durationMs`. */
export interface PacedLoad {
  kind: 'paced';
  durationMs: number;
  minIntervalMs: number;
  maxIntervalMs: number;
}

export interface LoadSpec {
  /** http://127.0.0.1:<port>; visitors connect to its /visitor namespace. */
  url: string;
  origin: string;
  visitors: BenchVisitor[];
  load: BurstLoad | PacedLoad;
  /** Prefix of every clientMessageId, so runs never collide. */
  runId: string;
  ackTimeoutMs: number;
}

export interface LoadResult {
  connected: number;
  connectMs: number;
  sent: number;
  acked: number;
  /** Error acks by code, plus TIMEOUT, DISCONNECTED and CONNECT_FAILED. */
  errors: Record<string, number>;
  /** First emit to last ack. */
  wallMs: number;
  /** Emit to ack, client side, for every successful ack. */
  latenciesMs: number[];
  /** How late the client sent paced messages against their schedule (its own event-loop lag). */
  sendLagMs: number[];
  /** The messages the server acked, as it described them. */
  ackedMessages: { conversationIds: string[]; seqs: number[]; clientMessageIds: string[] };
  /** The client process's CPU time during the load (user + system). */
  clientCpuMs: number;
}

/** The value at quantile q (0..1) of ascending `sorted`, by nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}
