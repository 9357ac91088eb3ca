import type { ConversationDto } from '@neodesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../shared/api/api-client';
import { conversationKeys } from '../conversation-keys';

/** One conversation; `conversation:updated` events replace it in the cache (see useInboxLiveUpdates). */
export function useConversation(id: string) {
  return useQuery({
    queryKey: conversationKeys.detail(id),
    queryFn: () => apiFetch<ConversationDto>(`/api/v1/conversations/${encodeURIComponent(id)}`),
  });
}
