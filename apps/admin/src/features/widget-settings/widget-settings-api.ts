import type { IdentitySecretDto, WidgetSettingsDto, WorkspaceSettingsDto } from '@neodesk/contracts';
import { apiFetch, jsonBody } from '../../shared/api/api-client';

export const widgetSettingsKeys = { all: ['widget-settings'] as const, workspace: ['workspace'] as const };

export type WidgetSettingsChanges = Partial<Omit<WidgetSettingsDto, 'identitySecretSet' | 'updatedAt'>>;

export function getWidgetSettings(): Promise<WidgetSettingsDto> {
  return apiFetch<WidgetSettingsDto>('/api/v1/widget-settings');
}

export function updateWidgetSettings(changes: WidgetSettingsChanges): Promise<WidgetSettingsDto> {
  return apiFetch<WidgetSettingsDto>('/api/v1/widget-settings', { method: 'PATCH', body: jsonBody(changes) });
}

export function createIdentitySecret(): Promise<IdentitySecretDto> {
  return apiFetch<IdentitySecretDto>('/api/v1/widget-settings/identity-secret', { method: 'POST' });
}

export function removeIdentitySecret(): Promise<void> {
  return apiFetch<void>('/api/v1/widget-settings/identity-secret', { method: 'DELETE' });
}

export function getWorkspace(): Promise<WorkspaceSettingsDto> {
  return apiFetch<WorkspaceSettingsDto>('/api/v1/workspace');
}

export function updateAllowedOrigins(allowedOrigins: string[]): Promise<WorkspaceSettingsDto> {
  return apiFetch<WorkspaceSettingsDto>('/api/v1/workspace', { method: 'PATCH', body: jsonBody({ allowedOrigins }) });
}

export function rotateWidgetKey(): Promise<WorkspaceSettingsDto> {
  return apiFetch<WorkspaceSettingsDto>('/api/v1/workspace/rotate-widget-key', { method: 'POST' });
}
