import type { BotPreviewDto, BotPreviewMessage, BotSettingsDto, GenerationParameters } from '@neodesk/contracts';
import { apiFetch, jsonBody } from '../../shared/api/api-client';

export const botSettingsKeys = { all: ['bot-settings'] as const };

export type BotSettingsChanges = Partial<Omit<BotSettingsDto, 'updatedAt'>>;

export function getBotSettings(): Promise<BotSettingsDto> {
  return apiFetch<BotSettingsDto>('/api/v1/bot-settings');
}

export function updateBotSettings(changes: BotSettingsChanges): Promise<BotSettingsDto> {
  return apiFetch<BotSettingsDto>('/api/v1/bot-settings', { method: 'PATCH', body: jsonBody(changes) });
}

/** The settings a preview tries: whatever shapes the prompt and the handoff. */
export type PreviewSettings = Partial<Pick<BotSettingsDto, 'persona' | 'handoffPhrases'> & GenerationParameters>;

export function previewBotReply(settings: PreviewSettings, messages: BotPreviewMessage[]): Promise<BotPreviewDto> {
  return apiFetch<BotPreviewDto>('/api/v1/bot-settings/preview', {
    method: 'POST',
    body: jsonBody({ ...settings, messages }),
  });
}
