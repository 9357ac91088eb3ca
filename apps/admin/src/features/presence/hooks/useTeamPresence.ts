import type { AgentPresenceDto } from '@neodesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { presenceKeys } from '../presence-keys';

/** The team's presence as the socket last said it (filled by usePresenceSync; nothing to fetch). */
export function useTeamPresence(): AgentPresenceDto[] {
  const { data } = useQuery<AgentPresenceDto[]>({
    queryKey: presenceKeys.all,
    queryFn: () => Promise.resolve([]),
    enabled: false,
    initialData: [],
    staleTime: Infinity,
  });
  return data;
}
