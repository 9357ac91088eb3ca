export enum BotPreviewErrorCode {
  /** No inference worker is connected, or none had room before the wait ran out. */
  NoWorker = 'BOT_PREVIEW_NO_WORKER',
  /** The worker did not finish within the reply timeout. */
  TimedOut = 'BOT_PREVIEW_TIMEOUT',
  /** The worker refused or failed the job, or left while writing. */
  Failed = 'BOT_PREVIEW_FAILED',
  /** The workspace already has as many previews running as it may. */
  TooMany = 'BOT_PREVIEW_TOO_MANY',
}

export class BotPreviewError extends Error {
  constructor(
    readonly code: BotPreviewErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BotPreviewError';
  }
}
