export const MESSAGE_AUTHORS = ['customer', 'bot', 'agent', 'system'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/** Why a generation stopped. */
export const FINISH_REASONS = ['stop', 'eos', 'length', 'cancelled', 'error'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

export const MESSAGE_FEEDBACK = ['positive', 'negative'] as const;
export type MessageFeedback = (typeof MESSAGE_FEEDBACK)[number];

/** Longest message text a customer or agent may send, in characters. */
export const MAX_MESSAGE_LENGTH = 4000;
/** Highest message sequence number (messages.seq is a PostgreSQL integer); larger ones are refused at the edge. */
export const MAX_MESSAGE_SEQ = 2_147_483_647;
/** Longest client message id accepted for idempotent retries. */
export const MAX_CLIENT_MESSAGE_ID_LENGTH = 128;
