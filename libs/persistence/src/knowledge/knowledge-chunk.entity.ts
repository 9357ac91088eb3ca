import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { KnowledgeArticleEntity } from './knowledge-article.entity';

/**
 * One passage of an article, as retrieval finds it. Written only by `KnowledgeRepository.replaceChunks`, which
 * also computes `search` (title weighted A, text B, 'english').
 */
@Entity('knowledge_chunks')
@Unique('uq_knowledge_chunks_article_index', ['articleId', 'chunkIndex'])
@Index('ix_knowledge_chunks_workspace', ['workspaceId'])
// A GIN index over the vector, managed by the migration only.
@Index('ix_knowledge_chunks_search', { synchronize: false })
export class KnowledgeChunkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'article_id', type: 'uuid' })
  @ForeignKey(() => KnowledgeArticleEntity, { name: 'fk_knowledge_chunks_article', onDelete: 'CASCADE' })
  articleId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'chunk_index', type: 'integer' })
  chunkIndex!: number;

  /** The nearest heading above the passage (the article's title when there is none). */
  @Column({ type: 'text' })
  heading!: string;

  /** Plain text, starting with the heading. */
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'tsvector', select: false, insert: false, update: false })
  search!: string;
}
