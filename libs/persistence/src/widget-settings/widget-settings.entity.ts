import type { PreChatFieldMode, WidgetLocale, WidgetPosition } from '@neodesk/contracts';
import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

/** What a workspace without its row has; the columns' defaults too (the migration writes the same). */
export const WIDGET_SETTINGS_DEFAULTS = {
  title: 'Chat with us',
  // White text on it has a contrast of 4.6:1 (WCAG AA for normal text).
  color: '#1f6feb',
  position: 'right',
  launcherLabel: 'Chat with us',
  locale: 'auto',
  preChatName: 'off',
  preChatEmail: 'off',
} as const satisfies Partial<Record<keyof WidgetSettingsEntity, string>>;

/** How a workspace's web chat widget looks and what it asks; one row per workspace. */
@Entity('widget_settings')
@Check('ck_widget_settings_color', "color ~ '^#[0-9a-fA-F]{6}$'")
@Check('ck_widget_settings_position', "position IN ('left', 'right')")
@Check('ck_widget_settings_locale', "locale IN ('auto', 'en', 'fr', 'ar')")
@Check('ck_widget_settings_pre_chat_name', "pre_chat_name IN ('off', 'optional', 'required')")
@Check('ck_widget_settings_pre_chat_email', "pre_chat_email IN ('off', 'optional', 'required')")
export class WidgetSettingsEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  @ForeignKey(() => WorkspaceEntity, { name: 'fk_widget_settings_workspace', onDelete: 'CASCADE' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 60, default: WIDGET_SETTINGS_DEFAULTS.title })
  title!: string;

  @Column({ type: 'varchar', length: 7, default: WIDGET_SETTINGS_DEFAULTS.color })
  color!: string;

  @Column({ type: 'varchar', length: 8, default: WIDGET_SETTINGS_DEFAULTS.position })
  position!: WidgetPosition;

  @Column({ name: 'launcher_label', type: 'varchar', length: 40, default: WIDGET_SETTINGS_DEFAULTS.launcherLabel })
  launcherLabel!: string;

  @Column({ type: 'varchar', length: 8, default: WIDGET_SETTINGS_DEFAULTS.locale })
  locale!: WidgetLocale | 'auto';

  @Column({ name: 'pre_chat_name', type: 'varchar', length: 16, default: WIDGET_SETTINGS_DEFAULTS.preChatName })
  preChatName!: PreChatFieldMode;

  @Column({ name: 'pre_chat_email', type: 'varchar', length: 16, default: WIDGET_SETTINGS_DEFAULTS.preChatEmail })
  preChatEmail!: PreChatFieldMode;

  /** Key of the HMAC that proves a visitor's e-mail; null: identities are never verified. Never answered. */
  @Column({ name: 'identity_secret', type: 'text', nullable: true })
  identitySecret!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
