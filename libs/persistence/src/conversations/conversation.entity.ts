import type { ConversationChannel, ConversationStatus, CustomerProfile } from '@neodesk/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

@Entity('conversations')
@Unique('uq_conversations_id_workspace', ['id', 'workspaceId'])
@Check('ck_conversations_channel', "channel IN ('web', 'api')")
@Check('ck_conversations_status', "status IN ('bot', 'waiting_human', 'human', 'resolved')")
@Check('ck_conversations_last_seq', 'last_seq >= 0')
// Indexes with sort orders or predicates are written in migrations; TypeORM leaves them alone.
@Index('ix_conversations_inbox', { synchronize: false })
@Index('ix_conversations_created', { synchronize: false })
@Index('ix_conversations_visitor', ['workspaceId', 'visitorId'])
@Index('ix_conversations_assignee', { synchronize: false })
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  @ForeignKey(() => WorkspaceEntity, { name: 'fk_conversations_workspace', onDelete: 'CASCADE' })
  workspaceId!: string;

  @Column({ name: 'visitor_id', type: 'varchar', length: 128 })
  visitorId!: string;

  @Column({ type: 'jsonb', nullable: true })
  customer!: CustomerProfile | null;

  @Column({ type: 'varchar', length: 16 })
  channel!: ConversationChannel;

  @Column({ type: 'varchar', length: 16, default: 'bot' })
  status!: ConversationStatus;

  @Column({ name: 'assigned_agent_id', type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { name: 'fk_conversations_assignee', onDelete: 'SET NULL' })
  assignedAgentId!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  labels!: string[];

  /** Sequence number of the newest message; advanced under a row lock so appends never collide. */
  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq!: number;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'last_message_at', type: 'timestamptz', nullable: true })
  lastMessageAt!: Date | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz', default: () => 'now()' })
  statusChangedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
