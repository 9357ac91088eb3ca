import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type GenerationJob,
  type GenerationJobTurn,
  MAX_JOB_PASSAGES,
  MAX_JOB_PASSAGE_LENGTH,
  type MessageSourceDto,
} from '@neodesk/contracts';
import { type KnowledgeQuery, KnowledgeRetriever } from '../knowledge/knowledge-retriever';
import { saysNoAnswer } from './no-answer';
import { type PassedPassage, replySources } from './reply-sources';

/** Passages retrieved for one reply. */
export const REPLY_PASSAGES = Math.min(3, MAX_JOB_PASSAGES);
/** Earlier turns (newest first) the retrieval reads besides the newest customer message. */
export const QUERY_CONTEXT_TURNS = 4;

/** The passages a job carries and the article of each, in the same order (best first). */
export interface Grounding {
  passages: NonNullable<GenerationJob['passages']>;
  articles: MessageSourceDto[];
}

/**
 * Grounded replies: the workspace's knowledge-base passages for a reply's dialogue (one retrieval query; the
 * caller holds no connection while a worker writes), and, once the reply is written, the articles it drew on.
 */
@Injectable()
export class ReplyGrounding {
  private readonly logger = new Logger(ReplyGrounding.name);

  constructor(@Inject(KnowledgeRetriever) private readonly retriever: KnowledgeRetriever) {}

  /** Passages for the newest customer turn and the turns before it; none (logged) when retrieval fails. */
  async passagesFor(workspaceId: string, turns: readonly GenerationJobTurn[]): Promise<Grounding> {
    const query = knowledgeQuery(turns);
    if (query === null) {
      return { passages: [], articles: [] };
    }
    try {
      const found = await this.retriever.retrieve(workspaceId, query, REPLY_PASSAGES);
      const kept = found.slice(0, MAX_JOB_PASSAGES);
      return {
        passages: kept.map((passage) => ({
          title: passage.title,
          text: passage.text.slice(0, MAX_JOB_PASSAGE_LENGTH),
        })),
        articles: kept.map((passage) => ({ articleId: passage.articleId, title: passage.title })),
      };
    } catch (error) {
      // The reply goes on without knowledge rather than not at all.
      this.logger.warn({ err: error }, `Knowledge retrieval failed for workspace ${workspaceId}; replying without it`);
      return { passages: [], articles: [] };
    }
  }

  /** The articles a finished reply drew on (none when it hands over), and whether it hands over. */
  settle(text: string, job: GenerationJob, articles: readonly MessageSourceDto[] | undefined): ReplyVerdict {
    if (saysNoAnswer(text)) {
      return { noAnswer: true, sources: [] };
    }
    const passed: PassedPassage[] = (job.passages ?? []).flatMap((passage, index) => {
      const article = articles?.[index];
      return article === undefined ? [] : [{ articleId: article.articleId, title: article.title, text: passage.text }];
    });
    return { noAnswer: false, sources: replySources(text, passed, job.persona) };
  }
}

export interface ReplyVerdict {
  /** The reply says it has no answer and a person will help: the conversation hands over (`no_answer`). */
  noAnswer: boolean;
  sources: MessageSourceDto[];
}

/** The newest customer turn, and the turns before it newest first. */
export function knowledgeQuery(turns: readonly GenerationJobTurn[]): KnowledgeQuery | null {
  let newest = turns.length - 1;
  while (newest >= 0 && turns[newest].speaker !== 'customer') {
    newest--;
  }
  if (newest < 0 || turns[newest].text.trim().length === 0) {
    return null;
  }
  const context = turns
    .slice(Math.max(0, newest - QUERY_CONTEXT_TURNS), newest)
    .reverse()
    .map((turn) => turn.text);
  return { newest: turns[newest].text, context };
}
