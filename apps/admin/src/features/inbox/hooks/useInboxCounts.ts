import type { InboxCountsDto } from '@neodesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../shared/api/api-client';
import { inboxKeys } from '../inbox-keys';

export function useInboxCounts() {
  return useQuery({
    queryKey: inboxKeys.counts,
    queryFn: () => apiFetch<InboxCountsDto>('/api/v1/inbox/counts'),
  });
}
