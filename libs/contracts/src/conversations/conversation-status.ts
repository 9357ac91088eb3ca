/**
 * Who owns a conversation right now.
 * - `bot`: the model answers customer messages.
 * - `waiting_human`: a handoff was asked for; the bot is silent until an agent takes over or hands back.
 * - `human`: an agent owns it; the bot never answers.
 * - `resolved`: closed; a new customer message reopens it in `bot` mode.
 */
export const CONVERSATION_STATUSES = ['bot', 'waiting_human', 'human', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Channels a conversation can arrive through. */
export const CONVERSATION_CHANNELS = ['web', 'api'] as const;
export type ConversationChannel = (typeof CONVERSATION_CHANNELS)[number];
