import type { KnowledgeArticleStatus } from '@neodesk/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/** A help-centre article of a workspace (Markdown), the bot's source of facts once published. */
@Entity('knowledge_articles')
@Check('ck_knowledge_articles_status', "status IN ('published', 'draft')")
// Case-insensitive title uniqueness and the list's order are expression / DESC indexes, managed by migrations only.
@Index('uq_knowledge_articles_workspace_title', { synchronize: false })
@Index('ix_knowledge_articles_workspace_updated', { synchronize: false })
export class KnowledgeArticleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  @ForeignKey(() => WorkspaceEntity, { name: 'fk_knowledge_articles_workspace', onDelete: 'CASCADE' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'varchar', length: 16, default: 'published' })
  status!: KnowledgeArticleStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
