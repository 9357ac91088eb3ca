import { searchWords } from '../../../shared/components/HighlightedText';
import { useNow } from '../../../shared/hooks/useNow';
import { useSession } from '../../auth/hooks/useSession';
import { ConversationRow } from '../../inbox/components/ConversationRow';
import { useSearch } from '../hooks/useSearch';

/** Conversations matching the search, with the matching words of their newest matching message marked. */
export function SearchResults({ q, selectedId }: { q: string; selectedId: string | undefined }) {
  const userId = useSession()?.user.id ?? '';
  const search = useSearch(q);
  const now = useNow();
  const words = searchWords(q);
  if (q === '') {
    return (
      <div className="list-state">
        <p className="muted">Type words to find in any message of the workspace.</p>
      </div>
    );
  }
  if (search.isPending) {
    return (
      <div className="list-state" role="status">
        <span className="spinner" aria-hidden="true" /> Searching…
      </div>
    );
  }
  if (search.isError) {
    return (
      <div className="list-state list-state--error" role="alert">
        <p>The search failed: {search.error.message}</p>
        <button type="button" className="button" onClick={() => void search.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const rows = search.data.pages.flatMap((page) => page.rows);
  return (
    <>
      <p className="list-caption" role="status">
        {rows.length === 0
          ? `No message contains “${q}”.`
          : `${rows.length}${search.hasNextPage ? '+' : ''} ${rows.length === 1 ? 'conversation' : 'conversations'} for “${q}”`}
      </p>
      {rows.length > 0 ? (
        <ul className="conversation-list" aria-label={`Search results for ${q}`}>
          {rows.map((row) => (
            <ConversationRow
              key={row.conversation.id}
              row={row}
              view="all"
              userId={userId}
              now={now}
              selected={row.conversation.id === selectedId}
              highlighted={false}
              words={words}
              to={`/search/${row.conversation.id}?${new URLSearchParams({
                q,
                ...(row.preview === null ? {} : { seq: String(row.preview.seq) }),
              }).toString()}`}
            />
          ))}
        </ul>
      ) : null}
      {search.hasNextPage ? (
        <div className="list-more">
          <button
            type="button"
            className="button"
            onClick={() => void search.fetchNextPage()}
            disabled={search.isFetchingNextPage}
          >
            {search.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </>
  );
}
