import { INBOX_VIEWS, type InboxView } from '@neodesk/contracts';
import { useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { ConversationView } from '../features/conversation/components/ConversationView';
import { ConversationList } from '../features/inbox/components/ConversationList';
import { InboxFiltersBar } from '../features/inbox/components/InboxFiltersBar';
import { InboxViewNav } from '../features/inbox/components/InboxViewNav';
import { useInboxCounts } from '../features/inbox/hooks/useInboxCounts';
import { type InboxFilters, NO_FILTERS, VIEW_LABELS } from '../features/inbox/inbox-views';
import { SearchBox } from '../features/search/components/SearchBox';
import { SearchResults } from '../features/search/components/SearchResults';
import { useKeyboardShortcuts } from '../features/shortcuts/hooks/useKeyboardShortcuts';

/** The inbox (a view, or search results) beside the open conversation; on a phone, one or the other. */
export function InboxPage({ mode }: { mode: 'view' | 'search' }) {
  const params = useParams();
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const counts = useInboxCounts();
  const [filters, setFilters] = useState<InboxFilters>(NO_FILTERS);
  const searchInput = useRef<HTMLInputElement>(null);
  const view = (params.view ?? 'mine') as InboxView;
  const q = searchParams.get('q')?.trim() ?? '';
  const seq = Number(searchParams.get('seq'));
  const conversationId = params.conversationId;
  const base = mode === 'search' ? `/search` : `/inbox/${view}`;
  const listPath = mode === 'search' ? `/search?${new URLSearchParams({ q }).toString()}` : base;

  useKeyboardShortcuts({
    '/': () => searchInput.current?.focus(),
    j: () => step(1),
    k: () => step(-1),
  });

  function step(direction: number) {
    const links = [...document.querySelectorAll<HTMLAnchorElement>('.conversation-list .row__link')];
    const current = links.findIndex((link) => link.getAttribute('aria-current') === 'page');
    const next = links[current === -1 ? 0 : Math.min(links.length - 1, Math.max(0, current + direction))];
    next?.click();
  }

  if (mode === 'view' && !INBOX_VIEWS.includes(view)) {
    return <Navigate to="/inbox/mine" replace />;
  }
  return (
    <div className={`inbox${conversationId === undefined ? '' : ' inbox--open'}`}>
      <InboxViewNav counts={counts.data} />
      <section className="list-pane" aria-labelledby="list-title">
        <div className="list-pane__head">
          <h1 id="list-title" className="list-pane__title">
            {mode === 'search' ? 'Search' : VIEW_LABELS[view]}
          </h1>
          <SearchBox
            ref={searchInput}
            initial={q}
            onSearch={(next) =>
              void navigate(next === '' ? '/inbox/all' : `/search?${new URLSearchParams({ q: next }).toString()}`)
            }
          />
          {mode === 'view' ? <InboxFiltersBar view={view} filters={filters} onChange={setFilters} /> : null}
        </div>
        <div className="list-pane__body">
          {mode === 'search' ? (
            <SearchResults q={q} selectedId={conversationId} />
          ) : (
            <ConversationList view={view} filters={filters} selectedId={conversationId} />
          )}
        </div>
      </section>
      {conversationId === undefined ? (
        <section className="conversation conversation--empty" aria-label="No conversation open">
          <p className="muted">Choose a conversation from the list. Press ? for keyboard shortcuts.</p>
        </section>
      ) : (
        <ConversationView
          key={conversationId}
          conversationId={conversationId}
          backTo={listPath}
          focusSeq={Number.isInteger(seq) && seq > 0 && location.pathname.startsWith('/search') ? seq : undefined}
        />
      )}
    </div>
  );
}
