import { useInfiniteQuery } from '@tanstack/react-query';
import { fetchInboxPage } from '../../inbox/inbox-api';
import { inboxKeys } from '../../inbox/inbox-keys';

/** Conversations whose messages contain the words (PostgreSQL full-text), each with its newest matching message. */
export function useSearch(q: string) {
  return useInfiniteQuery({
    queryKey: inboxKeys.search(q),
    enabled: q !== '',
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ q, sort: 'updatedAt', limit: '25' });
      if (pageParam !== null) {
        params.set('cursor', pageParam);
      }
      return fetchInboxPage(params, q);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
