import type { GuardrailDecisionDto, GuardrailSettings, GuardrailSettingsDto } from '@neodesk/contracts';
import { apiFetch, jsonBody } from '../../shared/api/api-client';

export const guardrailKeys = {
  settings: ['guardrails', 'settings'] as const,
  decisions: (conversationId: string) => ['guardrails', 'decisions', conversationId] as const,
};

export type GuardrailChanges = Partial<GuardrailSettings>;

export function getGuardrailSettings(): Promise<GuardrailSettingsDto> {
  return apiFetch<GuardrailSettingsDto>('/api/v1/guardrails');
}

export function updateGuardrailSettings(changes: GuardrailChanges): Promise<GuardrailSettingsDto> {
  return apiFetch<GuardrailSettingsDto>('/api/v1/guardrails', { method: 'PATCH', body: jsonBody(changes) });
}

export async function listGuardrailDecisions(conversationId: string): Promise<GuardrailDecisionDto[]> {
  const page = await apiFetch<{ data: GuardrailDecisionDto[] }>(
    `/api/v1/conversations/${encodeURIComponent(conversationId)}/guardrail-decisions`,
  );
  return page.data;
}
