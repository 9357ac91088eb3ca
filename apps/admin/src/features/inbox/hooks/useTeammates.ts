import type { TeammateDto } from '@neodesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../../shared/api/api-client';
import { inboxKeys } from '../inbox-keys';

/** Everyone of the workspace by id: assignees and authors. */
export function useTeammates() {
  return useQuery({
    queryKey: inboxKeys.teammates,
    queryFn: async () => (await apiFetch<{ data: TeammateDto[] }>('/api/v1/inbox/teammates')).data,
    staleTime: 5 * 60_000,
  });
}
