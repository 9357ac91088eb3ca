export enum MessagePostErrorCode {
  /** `?wait=true` and no worker could give the bot reply; the customer message is stored. */
  BotUnavailable = 'BOT_UNAVAILABLE',
}

export class MessagePostError extends Error {
  constructor(
    readonly code: MessagePostErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MessagePostError';
  }
}
