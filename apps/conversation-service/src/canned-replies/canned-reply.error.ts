export enum CannedReplyErrorCode {
  NotFound = 'CANNED_REPLY_NOT_FOUND',
  ShortcutTaken = 'CANNED_REPLY_SHORTCUT_TAKEN',
  LimitReached = 'CANNED_REPLY_LIMIT_REACHED',
}

export class CannedReplyError extends Error {
  constructor(
    readonly code: CannedReplyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CannedReplyError';
  }
}
