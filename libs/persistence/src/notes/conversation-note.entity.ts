import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, VirtualColumn } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { authorNameSql } from '../messages/message.entity';
import { UserEntity } from '../users/user.entity';

/** A private note an agent wrote on a conversation: read by agents only, never sent to the visitor or webhooks. */
@Entity('conversation_notes')
// (conversation, workspace) together, as messages do: a note can never point into another tenant.
@ForeignKey(() => ConversationEntity, ['conversationId', 'workspaceId'], ['id', 'workspaceId'], {
  name: 'fk_conversation_notes_conversation',
  onDelete: 'CASCADE',
})
@Index('ix_conversation_notes_conversation_created', ['conversationId', 'createdAt'])
export class ConversationNoteEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId!: string;

  @Column({ name: 'author_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'fk_conversation_notes_author_user', onDelete: 'SET NULL' })
  authorUserId!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The author's display name, read with the row (no column). */
  @VirtualColumn({ type: 'varchar', query: authorNameSql })
  authorName!: string | null;
}
