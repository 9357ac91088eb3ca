import type { ApiKeyDto, CreateApiKeyRequest, CreatedApiKeyDto } from '@neodesk/contracts';
import { apiFetch, jsonBody } from '../../shared/api/api-client';

export const apiKeyKeys = { all: ['api-keys'] as const };

export async function listApiKeys(): Promise<ApiKeyDto[]> {
  return (await apiFetch<{ data: ApiKeyDto[] }>('/api/v1/api-keys')).data;
}

export function createApiKey(input: CreateApiKeyRequest): Promise<CreatedApiKeyDto> {
  return apiFetch<CreatedApiKeyDto>('/api/v1/api-keys', { method: 'POST', body: jsonBody(input) });
}

export function revokeApiKey(id: string): Promise<void> {
  return apiFetch<void>(`/api/v1/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

export function apiKeyStatus(key: ApiKeyDto, now: number): ApiKeyStatus {
  if (key.revokedAt !== null) {
    return 'revoked';
  }
  return key.expiresAt !== null && new Date(key.expiresAt).getTime() <= now ? 'expired' : 'active';
}
