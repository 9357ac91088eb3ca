/** What soak.ts hands the soak load client (a JSON file) and what the client writes back. */

export interface SoakAgent {
  userId: string;
  token: string;
}

export interface SoakLoadSpec {
  /** The replicas' base URLs; clients spread over them and move to another one when theirs goes away. */
  urls: string[];
  origin: string;
  widgetKey: string;
  /** Prefix of every client message id, so runs never collide. */
  runId: string;
  botVisitors: number;
  humanVisitors: number;
  agents: SoakAgent[];
  durationMs: number;
  minIntervalMs: number;
  maxIntervalMs: number;
  /** How long a bot-mode visitor waits for the reply before writing again anyway. */
  replyTimeoutMs: number;
  /** How long a message is retried (same client id) before the visitor gives up on it. */
  ackDeadlineMs: number;
}

export type ConversationMode = 'bot' | 'human';

/** One acknowledged message, as the server described it in the ack. */
export interface AckedMessage {
  conversationId: string;
  clientMessageId: string;
  seq: number;
}

/** A customer message in bot mode and when the visitor saw its answer (epoch ms). */
export interface ReplyTiming {
  sentAt: number;
  answeredAt: number;
  outcome: 'reply' | 'fallback' | 'handoff';
}

export interface SoakLoadResult {
  /** Epoch ms of the go and of the end of sending (the drain follows). */
  startedAt: number;
  sendingEndedAt: number;
  endedAt: number;
  sessions: number;
  conversations: Array<{ id: string; mode: ConversationMode }>;
  customer: {
    sent: number;
    acked: number;
    /** Messages given up on after the retry deadline. */
    unacked: number;
    retries: number;
    /** Error acks and transport failures by code (each attempt). */
    errors: Record<string, number>;
    /** First emit to ack, as the visitor waited for it (retries included). */
    ackMs: number[];
  };
  acked: AckedMessage[];
  bot: {
    /** Distinct reply ids a visitor saw start. */
    started: number;
    completed: number;
    fallbacks: number;
    /** Handed over with no reply and no fallback (a handoff phrase, a repeated question). */
    handoffs: number;
    /** The visitor waited replyTimeoutMs and saw nothing. */
    timedOut: number;
    /** Customer message sent (first emit) to the first token the visitor saw. */
    firstTokenMs: number[];
    /** Customer message sent to the stored reply reaching the visitor. */
    fullReplyMs: number[];
    timings: ReplyTiming[];
  };
  agent: {
    sent: number;
    acked: number;
    delivered: number;
    takeovers: number;
    errors: Record<string, number>;
    /** Agent's first emit to the visitor receiving the message. */
    deliveryMs: number[];
  };
  /** Socket reconnections after a disconnect the client did not ask for, and how long each took. */
  reconnects: number;
  reconnectMs: number[];
  clientCpuMs: number;
}
