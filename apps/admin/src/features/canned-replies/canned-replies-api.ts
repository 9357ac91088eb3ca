import type { CannedReplyDto } from '@neodesk/contracts';
import { apiFetch, jsonBody } from '../../shared/api/api-client';

export const cannedReplyKeys = { all: ['canned-replies'] as const };

export async function listCannedReplies(): Promise<CannedReplyDto[]> {
  return (await apiFetch<{ data: CannedReplyDto[] }>('/api/v1/canned-replies')).data;
}

export function createCannedReply(shortcut: string, text: string): Promise<CannedReplyDto> {
  return apiFetch<CannedReplyDto>('/api/v1/canned-replies', { method: 'POST', body: jsonBody({ shortcut, text }) });
}

export function updateCannedReply(id: string, changes: { shortcut?: string; text?: string }): Promise<CannedReplyDto> {
  return apiFetch<CannedReplyDto>(`/api/v1/canned-replies/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: jsonBody(changes),
  });
}

export function deleteCannedReply(id: string): Promise<void> {
  return apiFetch<void>(`/api/v1/canned-replies/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
