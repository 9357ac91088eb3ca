import { Module } from '@nestjs/common';
import { KnowledgeArticlesService } from './knowledge-articles.service';
import { KnowledgeRetrievalService } from './knowledge-retrieval.service';
import { KnowledgeRetriever } from './knowledge-retriever';

/**
 * A workspace's knowledge base: its articles and the retrieval of their passages. The bot reply flow injects
 * `KnowledgeRetriever`; the REST edge is `KnowledgeHttpModule`.
 */
@Module({
  providers: [
    KnowledgeArticlesService,
    KnowledgeRetrievalService,
    { provide: KnowledgeRetriever, useExisting: KnowledgeRetrievalService },
  ],
  exports: [KnowledgeArticlesService, KnowledgeRetrievalService, KnowledgeRetriever],
})
export class KnowledgeModule {}
