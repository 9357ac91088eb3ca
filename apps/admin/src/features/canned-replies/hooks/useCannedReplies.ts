import { useQuery } from '@tanstack/react-query';
import { cannedReplyKeys, listCannedReplies } from '../canned-replies-api';

export function useCannedReplies() {
  return useQuery({ queryKey: cannedReplyKeys.all, queryFn: listCannedReplies, staleTime: 60_000 });
}
