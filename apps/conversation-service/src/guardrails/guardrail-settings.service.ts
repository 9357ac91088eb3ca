import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_GUARDRAIL_SETTINGS,
  type GuardrailSettings,
  type GuardrailSettingsDto,
  type UpdateGuardrailSettingsRequest,
} from '@neodesk/contracts';
import { Repositories } from '@neodesk/persistence';

/** A workspace's guardrail settings: what an admin changed, over the defaults. */
@Injectable()
export class GuardrailSettingsService {
  constructor(@Inject(Repositories) private readonly repositories: Repositories) {}

  async get(workspaceId: string): Promise<GuardrailSettingsDto> {
    const row = await this.repositories.guardrails.findSettings(workspaceId);
    return toDto(row?.settings ?? {}, row?.updatedAt ?? new Date(0));
  }

  /** Changes the given settings (validated against the contract); the rest stay. */
  async update(workspaceId: string, changes: UpdateGuardrailSettingsRequest): Promise<GuardrailSettingsDto> {
    const row = await this.repositories.guardrails.saveSettings(workspaceId, changes);
    return toDto(row.settings, row.updatedAt);
  }
}

function toDto(stored: Partial<GuardrailSettings>, updatedAt: Date): GuardrailSettingsDto {
  // Only known keys, so a setting removed from the contract later never leaks out of an old row.
  const settings = Object.fromEntries(
    Object.entries(DEFAULT_GUARDRAIL_SETTINGS).map(([key, fallback]) => [
      key,
      (stored as Record<string, unknown>)[key] ?? fallback,
    ]),
  ) as unknown as GuardrailSettings;
  return { ...settings, updatedAt: updatedAt.toISOString() };
}
