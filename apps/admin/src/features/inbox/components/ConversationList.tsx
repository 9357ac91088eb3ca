import type { InboxView } from '@neodesk/contracts';
import { useSession } from '../../auth/hooks/useSession';
import { useNow } from '../../../shared/hooks/useNow';
import { useConversationList } from '../hooks/useConversationList';
import { useHighlighted } from '../hooks/useHighlighted';
import { type InboxFilters, VIEW_LABELS } from '../inbox-views';
import { ConversationRow } from './ConversationRow';

const EMPTY_TEXT: Record<InboxView, string> = {
  mine: 'Nothing assigned to you. Conversations you take over show up here.',
  unassigned: 'Every open conversation has an owner.',
  waiting: 'Nobody is waiting for a person right now.',
  bot: 'The bot is not talking to anyone right now.',
  resolved: 'No resolved conversations yet.',
  all: 'No conversations yet. They appear here as soon as a visitor writes.',
};

export function ConversationList({
  view,
  filters,
  selectedId,
}: {
  view: InboxView;
  filters: InboxFilters;
  selectedId: string | undefined;
}) {
  const userId = useSession()?.user.id ?? '';
  const list = useConversationList(view, filters);
  const highlighted = useHighlighted();
  const now = useNow();
  const rows = list.data?.pages.flatMap((page) => page.rows) ?? [];
  const filtered = filters.label !== '' || filters.assignee !== '' || filters.since !== '';

  if (list.isPending) {
    return (
      <div className="list-state" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" /> Loading conversations…
      </div>
    );
  }
  if (list.isError) {
    return (
      <div className="list-state list-state--error" role="alert">
        <p>The conversations could not be loaded: {list.error.message}</p>
        <button type="button" className="button" onClick={() => void list.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <>
      {rows.length === 0 ? (
        <div className="list-state">
          <p className="list-state__title">{VIEW_LABELS[view]}: empty</p>
          <p className="muted">{filtered ? 'No conversation matches these filters.' : EMPTY_TEXT[view]}</p>
        </div>
      ) : (
        <ul className="conversation-list" aria-label={`${VIEW_LABELS[view]} conversations`}>
          {rows.map((row) => (
            <ConversationRow
              key={row.conversation.id}
              row={row}
              view={view}
              userId={userId}
              now={now}
              selected={row.conversation.id === selectedId}
              highlighted={highlighted.has(row.conversation.id)}
            />
          ))}
        </ul>
      )}
      {list.hasNextPage ? (
        <div className="list-more">
          <button
            type="button"
            className="button"
            onClick={() => void list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </>
  );
}
