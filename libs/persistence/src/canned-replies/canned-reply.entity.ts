import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/** A saved answer of a workspace, inserted in the dashboard's composer with `/shortcut`. */
@Entity('canned_replies')
@Unique('uq_canned_replies_workspace_shortcut', ['workspaceId', 'shortcut'])
export class CannedReplyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  @ForeignKey(() => WorkspaceEntity, { name: 'fk_canned_replies_workspace', onDelete: 'CASCADE' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 40 })
  shortcut!: string;

  @Column({ type: 'text' })
  text!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
