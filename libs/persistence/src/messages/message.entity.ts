import type { FinishReason, MessageAuthor, MessageFeedback, MessageSourceDto } from '@neodesk/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  VirtualColumn,
} from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { UserEntity } from '../users/user.entity';

@Entity('messages')
// (conversation, workspace) together: a message can never point at another tenant's conversation.
@ForeignKey(() => ConversationEntity, ['conversationId', 'workspaceId'], ['id', 'workspaceId'], {
  name: 'fk_messages_conversation',
  onDelete: 'CASCADE',
})
@Unique('uq_messages_conversation_seq', ['conversationId', 'seq'])
@Check('ck_messages_seq', 'seq > 0')
@Check('ck_messages_author', "author IN ('customer', 'bot', 'agent', 'system')")
@Check('ck_messages_finish_reason', "finish_reason IN ('stop', 'eos', 'length', 'cancelled', 'error')")
@Check('ck_messages_feedback', "feedback IN ('positive', 'negative')")
@Check('ck_messages_generation_only_bot', "author = 'bot' OR model_id IS NULL")
@Check(
  'ck_messages_token_probabilities',
  '(mean_token_probability IS NULL OR mean_token_probability BETWEEN 0 AND 1) AND ' +
    '(min_token_probability IS NULL OR min_token_probability BETWEEN 0 AND 1)',
)
@Index('ix_messages_workspace_created', ['workspaceId', 'createdAt'])
// Partial and expression indexes are written in migrations; TypeORM leaves them alone.
@Index('uq_messages_client_message_id', { synchronize: false })
@Index('ix_messages_text_search', { synchronize: false })
@Index('ix_messages_author_user', { synchronize: false })
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 16 })
  author!: MessageAuthor;

  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'fk_messages_author_user', onDelete: 'SET NULL' })
  authorUserId!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ name: 'client_message_id', type: 'varchar', length: 128, nullable: true })
  clientMessageId!: string | null;

  @Column({ name: 'model_id', type: 'varchar', length: 200, nullable: true })
  modelId!: string | null;

  @Column({ name: 'model_version', type: 'varchar', length: 100, nullable: true })
  modelVersion!: string | null;

  @Column({ name: 'prompt_tokens', type: 'integer', nullable: true })
  promptTokens!: number | null;

  @Column({ name: 'completion_tokens', type: 'integer', nullable: true })
  completionTokens!: number | null;

  @Column({ name: 'queue_ms', type: 'integer', nullable: true })
  queueMs!: number | null;

  @Column({ name: 'time_to_first_token_ms', type: 'integer', nullable: true })
  timeToFirstTokenMs!: number | null;

  @Column({ name: 'total_ms', type: 'integer', nullable: true })
  totalMs!: number | null;

  @Column({ name: 'finish_reason', type: 'varchar', length: 16, nullable: true })
  finishReason!: FinishReason | null;

  /** Mean probability the model gave the reply's tokens (bot replies from workers that report it). */
  @Column({ name: 'mean_token_probability', type: 'real', nullable: true })
  meanTokenProbability!: number | null;

  /** The reply's smallest token probability. */
  @Column({ name: 'min_token_probability', type: 'real', nullable: true })
  minTokenProbability!: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  feedback!: MessageFeedback | null;

  @Column({ name: 'feedback_comment', type: 'text', nullable: true })
  feedbackComment!: string | null;

  @Column({ name: 'feedback_at', type: 'timestamptz', nullable: true })
  feedbackAt!: Date | null;

  /** Knowledge-base articles a bot reply drew on, best first, with their titles then (empty otherwise). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  sources!: MessageSourceDto[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /**
   * The author's display name, read with the row (no column: TypeORM's finds select it, the hand-written
   * statements add it as `author_name`); null without an author user.
   */
  @VirtualColumn({ type: 'varchar', query: authorNameSql })
  authorName!: string | null;
}

/** The display name of a message row's author user, as a scalar subquery (one primary-key lookup). */
export function authorNameSql(alias: string): string {
  return `SELECT u.display_name FROM users u WHERE u.id = ${alias}.author_user_id`;
}
