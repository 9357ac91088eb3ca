import { MAX_KNOWLEDGE_QUERY_LENGTH } from '@neodesk/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import type { ArticleFilters } from '../knowledge-api';

const SEARCH_DELAY_MS = 300;

/** Search words and the status filter of the article list (both kept in the URL by the caller). */
export function ArticleFiltersBar({
  filters,
  onChange,
}: {
  filters: ArticleFilters;
  onChange: (next: ArticleFilters) => void;
}) {
  const id = useId();
  const [text, setText] = useState(filters.q);
  const latest = useRef({ filters, onChange });
  latest.current = { filters, onChange };

  // The URL changed by itself (Back, a cleared filter): the box follows it.
  useEffect(() => {
    setText(filters.q);
  }, [filters.q]);

  // The list follows the typing after a short pause, not on every letter.
  useEffect(() => {
    if (text === latest.current.filters.q) {
      return undefined;
    }
    const timer = window.setTimeout(
      () => latest.current.onChange({ ...latest.current.filters, q: text }),
      SEARCH_DELAY_MS,
    );
    return () => window.clearTimeout(timer);
  }, [text]);

  return (
    <div role="search" className="knowledge-filters" aria-label="Filter the articles">
      <div className="field knowledge-filters__search">
        <label className="field__label" htmlFor={`${id}-q`}>
          Search articles
        </label>
        <input
          id={`${id}-q`}
          className="input"
          type="search"
          value={text}
          maxLength={MAX_KNOWLEDGE_QUERY_LENGTH}
          placeholder="Words in the title or text"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              onChange({ ...filters, q: text });
            }
          }}
        />
      </div>
      <div className="field knowledge-filters__status">
        <label className="field__label" htmlFor={`${id}-status`}>
          Status
        </label>
        <select
          id={`${id}-status`}
          className="input"
          value={filters.status}
          onChange={(event) =>
            onChange({
              q: text,
              status: event.target.value === '' ? '' : (event.target.value as 'published' | 'draft'),
            })
          }
        >
          <option value="">All articles</option>
          <option value="published">Published</option>
          <option value="draft">Drafts</option>
        </select>
      </div>
    </div>
  );
}
