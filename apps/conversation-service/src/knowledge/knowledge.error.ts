export enum KnowledgeErrorCode {
  NotFound = 'KNOWLEDGE_ARTICLE_NOT_FOUND',
  TitleTaken = 'KNOWLEDGE_ARTICLE_TITLE_TAKEN',
  LimitReached = 'KNOWLEDGE_ARTICLE_LIMIT_REACHED',
  /** An import file that cannot be read as the format it claims (a CSV without the header, an untitled document). */
  ImportUnreadable = 'KNOWLEDGE_IMPORT_UNREADABLE',
  ImportTooLarge = 'KNOWLEDGE_IMPORT_TOO_LARGE',
  ImportUnsupportedType = 'KNOWLEDGE_IMPORT_UNSUPPORTED_TYPE',
}

export class KnowledgeError extends Error {
  constructor(
    readonly code: KnowledgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KnowledgeError';
  }
}
