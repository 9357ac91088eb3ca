import { useQuery } from '@tanstack/react-query';
import { OPERATIONS_REFRESH_MS, fetchLiveReport, operationsKeys } from '../operations-api';

/** Open conversations by status and the longest wait, asked again every few seconds and on live events. */
export function useLiveReport() {
  return useQuery({
    queryKey: operationsKeys.live,
    queryFn: fetchLiveReport,
    refetchInterval: OPERATIONS_REFRESH_MS,
    staleTime: 0,
  });
}
