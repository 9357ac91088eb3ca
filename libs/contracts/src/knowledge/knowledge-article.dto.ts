/** Whether an article answers customers (`published`) or is still being written (`draft`, never retrieved). */
export const KNOWLEDGE_ARTICLE_STATUSES = ['published', 'draft'] as const;
export type KnowledgeArticleStatus = (typeof KNOWLEDGE_ARTICLE_STATUSES)[number];

export const MAX_KNOWLEDGE_TITLE_LENGTH = 200;
/** Characters of Markdown in one article's body. */
export const MAX_KNOWLEDGE_BODY_LENGTH = 40_000;
export const MAX_KNOWLEDGE_TAGS = 20;
export const MAX_KNOWLEDGE_TAG_LENGTH = 40;
/** A tag: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
export const KNOWLEDGE_TAG_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
/** Most articles one workspace keeps. */
export const MAX_KNOWLEDGE_ARTICLES = 2_000;
/** Most articles one import may bring. */
export const MAX_KNOWLEDGE_IMPORT_ARTICLES = 500;
/** Bytes of one import file (JSON, CSV or a Markdown bundle). */
export const MAX_KNOWLEDGE_IMPORT_BYTES = 5 * 1024 * 1024;
/** Characters of a search or "try retrieval" query. */
export const MAX_KNOWLEDGE_QUERY_LENGTH = 500;
/** Most passages a retrieval returns. */
export const MAX_KNOWLEDGE_RESULTS = 10;

/** One help-centre article of a workspace, the bot's source of facts. */
export interface KnowledgeArticleDto {
  id: string;
  title: string;
  /** Markdown. */
  body: string;
  tags: string[];
  status: KnowledgeArticleStatus;
  /** Passages the article is split into for retrieval. */
  chunkCount: number;
  createdAt: string;
  updatedAt: string;
}

/** An article a bot reply drew on: stored with the message, shown as "Source: <title>". */
export interface MessageSourceDto {
  articleId: string;
  /** The title when the reply was written (the article may have changed or gone since). */
  title: string;
}

/** One retrieved passage, best first. */
export interface KnowledgePassageDto {
  articleId: string;
  title: string;
  /** 0-based position of the passage in its article. */
  chunkIndex: number;
  /** The passage's text (plain text of its Markdown, under its heading). */
  text: string;
  /** Full-text rank; higher is better, comparable only within one answer. */
  score: number;
}
