import { type FormEvent, forwardRef, useEffect, useState } from 'react';

/** Search across every message of the workspace; submitting opens the results. */
export const SearchBox = forwardRef<HTMLInputElement, { initial: string; onSearch: (q: string) => void }>(
  function SearchBox({ initial, onSearch }, ref) {
    const [q, setQ] = useState(initial);
    useEffect(() => setQ(initial), [initial]);
    const submit = (event: FormEvent) => {
      event.preventDefault();
      onSearch(q.trim());
    };
    return (
      <form role="search" className="search" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="search-input">
          Search messages
        </label>
        <input
          id="search-input"
          ref={ref}
          className="input search__input"
          type="search"
          placeholder="Search messages"
          value={q}
          maxLength={200}
          onChange={(event) => setQ(event.target.value)}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>
    );
  },
);
