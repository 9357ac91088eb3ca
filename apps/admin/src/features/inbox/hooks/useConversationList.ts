import type { InboxView } from '@neodesk/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSession } from '../../auth/hooks/useSession';
import { fetchInboxPage } from '../inbox-api';
import { inboxKeys } from '../inbox-keys';
import { type InboxFilters, viewQuery } from '../inbox-views';

/** A view's conversations, newest activity first, page by page (cursor). Live events keep it current. */
export function useConversationList(view: InboxView, filters: InboxFilters) {
  const userId = useSession()?.user.id ?? '';
  return useInfiniteQuery({
    queryKey: inboxKeys.list(view, filters),
    queryFn: ({ pageParam }) => {
      const params = viewQuery(view, userId, filters);
      if (pageParam !== null) {
        params.set('cursor', pageParam);
      }
      return fetchInboxPage(params);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
