import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/** How a workspace's bot speaks and samples; one row per workspace. */
@Entity('bot_settings')
@Check('ck_bot_settings_max_new_tokens', 'max_new_tokens BETWEEN 1 AND 1024')
@Check('ck_bot_settings_temperature', 'temperature >= 0 AND temperature <= 2')
@Check('ck_bot_settings_top_k', 'top_k BETWEEN 0 AND 1000')
@Check('ck_bot_settings_top_p', 'top_p > 0 AND top_p <= 1')
@Check('ck_bot_settings_repetition_penalty', 'repetition_penalty >= 1 AND repetition_penalty <= 2')
export class BotSettingsEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  @ForeignKey(() => WorkspaceEntity, { name: 'fk_bot_settings_workspace', onDelete: 'CASCADE' })
  workspaceId!: string;

  @Column({ name: 'bot_name', type: 'varchar', length: 60 })
  botName!: string;

  /** The system part of every prompt; kept when older turns are dropped to fit the context. */
  @Column({ type: 'text' })
  persona!: string;

  @Column({ type: 'text' })
  greeting!: string;

  /** Shown to the visitor when no worker can answer; the conversation then waits for a human. */
  @Column({ name: 'fallback_message', type: 'text' })
  fallbackMessage!: string;

  /** Customer phrases that ask for a person (matched case-insensitively). */
  @Column({ name: 'handoff_phrases', type: 'text', array: true, default: () => "'{}'" })
  handoffPhrases!: string[];

  @Column({ name: 'max_new_tokens', type: 'integer' })
  maxNewTokens!: number;

  @Column({ type: 'real' })
  temperature!: number;

  @Column({ name: 'top_k', type: 'integer' })
  topK!: number;

  @Column({ name: 'top_p', type: 'real' })
  topP!: number;

  @Column({ name: 'repetition_penalty', type: 'real' })
  repetitionPenalty!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
