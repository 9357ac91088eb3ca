import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { IdentitySecretDto, UpdateWidgetSettingsRequest, WidgetSettingsDto } from '@neodesk/contracts';
import { Repositories, type WidgetSettingsChanges, type WidgetSettingsEntity } from '@neodesk/persistence';

/** A workspace's widget settings; a workspace without its row yet gets the defaults. */
@Injectable()
export class WidgetSettingsService {
  constructor(@Inject(Repositories) private readonly repositories: Repositories) {}

  async get(workspaceId: string): Promise<WidgetSettingsDto> {
    return toWidgetSettingsDto(await this.settings(workspaceId));
  }

  /** The stored row or the defaults, identity secret included: for the service's own use, never answered. */
  settings(workspaceId: string): Promise<WidgetSettingsEntity> {
    return this.repositories.widgetSettings.findOrDefaults(workspaceId);
  }

  /** Changes the given settings (already validated against the contract); the rest stay. */
  async update(workspaceId: string, changes: UpdateWidgetSettingsRequest): Promise<WidgetSettingsDto> {
    const columns: WidgetSettingsChanges = {
      title: changes.title,
      color: changes.color?.toLowerCase(),
      position: changes.position,
      launcherLabel: changes.launcherLabel,
      locale: changes.locale,
      preChatName: changes.preChatForm?.name,
      preChatEmail: changes.preChatForm?.email,
    };
    const defined = Object.fromEntries(
      Object.entries(columns).filter(([, value]) => value !== undefined),
    ) as WidgetSettingsChanges;
    return toWidgetSettingsDto(await this.repositories.widgetSettings.upsert(workspaceId, defined));
  }

  /** A new secret (32 random bytes), in effect at once: hashes made with the previous one stop verifying. */
  async rotateIdentitySecret(workspaceId: string): Promise<IdentitySecretDto> {
    const identitySecret = randomBytes(32).toString('base64url');
    await this.repositories.widgetSettings.upsert(workspaceId, { identitySecret });
    return { identitySecret };
  }

  /** Turns identity verification off: every identity is shown as unverified from now on. */
  async removeIdentitySecret(workspaceId: string): Promise<void> {
    await this.repositories.widgetSettings.upsert(workspaceId, { identitySecret: null });
  }
}

export function toWidgetSettingsDto(row: WidgetSettingsEntity): WidgetSettingsDto {
  return {
    title: row.title,
    color: row.color,
    position: row.position,
    launcherLabel: row.launcherLabel,
    locale: row.locale,
    preChatForm: { name: row.preChatName, email: row.preChatEmail },
    identitySecretSet: row.identitySecret !== null,
    updatedAt: row.updatedAt.toISOString(),
  };
}
