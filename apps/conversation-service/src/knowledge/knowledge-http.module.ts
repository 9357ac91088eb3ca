import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { KnowledgeImportBodyMiddleware } from './knowledge-import-body.middleware';
import { KnowledgeController } from './knowledge.controller';
import { KnowledgeModule } from './knowledge.module';

/** The path of the import route, whose body (up to 5 MiB, JSON, CSV or Markdown) the API's JSON parser skips. */
export const KNOWLEDGE_IMPORT_ROUTE = { path: 'api/v1/knowledge/import', method: RequestMethod.POST };

/** The REST edge of the knowledge base. */
@Module({ imports: [KnowledgeModule], controllers: [KnowledgeController] })
export class KnowledgeHttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(KnowledgeImportBodyMiddleware).forRoutes(KNOWLEDGE_IMPORT_ROUTE);
  }
}
