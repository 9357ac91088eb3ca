import type { ConversationPageDto, InboxPreviewDto, MessageDto } from '@neodesk/contracts';
import { apiFetch } from '../../shared/api/api-client';
import type { InboxPage } from './inbox-views';

/** One page of conversations with each one's preview (its newest message, or with `q` the newest match). */
export async function fetchInboxPage(params: URLSearchParams, q?: string): Promise<InboxPage> {
  const page = await apiFetch<ConversationPageDto>(`/api/v1/conversations?${params.toString()}`);
  if (page.data.length === 0) {
    return { rows: [], nextCursor: page.nextCursor };
  }
  const previewParams = new URLSearchParams({ ids: page.data.map((conversation) => conversation.id).join(',') });
  if (q !== undefined) {
    previewParams.set('q', q);
  }
  const previews = await apiFetch<{ data: InboxPreviewDto[] }>(`/api/v1/inbox/previews?${previewParams.toString()}`);
  const byConversation = new Map<string, MessageDto>(previews.data.map((item) => [item.conversationId, item.message]));
  return {
    rows: page.data.map((conversation) => ({ conversation, preview: byConversation.get(conversation.id) ?? null })),
    nextCursor: page.nextCursor,
  };
}
