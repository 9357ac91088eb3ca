import type { SatisfactionDto } from '@neodesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../shared/api/api-client';
import { ApiError } from '../../../shared/api/api-error';
import { conversationKeys } from '../conversation-keys';

/** The customer's 1-5 answer after a resolve; null when they have not answered. */
export function useSatisfaction(conversationId: string, resolved: boolean) {
  return useQuery({
    queryKey: conversationKeys.satisfaction(conversationId),
    enabled: resolved,
    queryFn: async () => {
      try {
        return await apiFetch<SatisfactionDto>(
          `/api/v1/conversations/${encodeURIComponent(conversationId)}/satisfaction`,
        );
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          return null;
        }
        throw error;
      }
    },
  });
}
