import type { InboxView } from '@neodesk/contracts';
import type { InboxFilters } from './inbox-views';

/** Query keys of the inbox: everything under `inbox` is fetched again after a reconnect. */
export const inboxKeys = {
  all: ['inbox'] as const,
  lists: ['inbox', 'list'] as const,
  list: (view: InboxView, filters: InboxFilters) => ['inbox', 'list', view, filters] as const,
  counts: ['inbox', 'counts'] as const,
  teammates: ['teammates'] as const,
  search: (q: string) => ['inbox', 'search', q] as const,
};
