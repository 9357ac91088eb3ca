import type { GuardrailSettings } from '@neodesk/contracts';
import { Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/**
 * A workspace's guardrail settings as one JSON document; the service reads it over the defaults, so a
 * setting added later needs no migration. Only what an admin changed is stored.
 */
@Entity('guardrail_settings')
export class GuardrailSettingsEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  @ForeignKey(() => WorkspaceEntity, { name: 'fk_guardrail_settings_workspace', onDelete: 'CASCADE' })
  workspaceId!: string;

  @Column({ type: 'jsonb' })
  settings!: Partial<GuardrailSettings>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
