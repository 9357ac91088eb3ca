export enum ConversationErrorCode {
  NotFound = 'CONVERSATION_NOT_FOUND',
  InvalidTransition = 'CONVERSATION_INVALID_TRANSITION',
  AgentRequired = 'CONVERSATION_AGENT_REQUIRED',
  AgentNotInWorkspace = 'CONVERSATION_AGENT_NOT_IN_WORKSPACE',
  InvalidInput = 'CONVERSATION_INVALID_INPUT',
  BotNotAllowed = 'CONVERSATION_BOT_NOT_ALLOWED',
  /** A bot reply arrived after the customer wrote again; a newer reply answers both messages. */
  ReplySuperseded = 'CONVERSATION_REPLY_SUPERSEDED',
  InvalidMessage = 'MESSAGE_INVALID',
  MessageNotFound = 'MESSAGE_NOT_FOUND',
  /** Only bot messages take a rating. */
  FeedbackNotAllowed = 'MESSAGE_FEEDBACK_NOT_ALLOWED',
  ClientMessageIdConflict = 'MESSAGE_CLIENT_ID_CONFLICT',
}

export class ConversationError extends Error {
  constructor(
    readonly code: ConversationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ConversationError';
  }
}
