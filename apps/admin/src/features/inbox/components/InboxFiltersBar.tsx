import type { InboxView } from '@neodesk/contracts';
import { useTeammates } from '../hooks/useTeammates';
import { type InboxFilters, NO_FILTERS } from '../inbox-views';

/** Label, assignee and date filters on top of the view. */
export function InboxFiltersBar({
  view,
  filters,
  onChange,
}: {
  view: InboxView;
  filters: InboxFilters;
  onChange: (filters: InboxFilters) => void;
}) {
  const teammates = useTeammates();
  const assigneeApplies = view !== 'mine' && view !== 'unassigned';
  const active = filters.label !== '' || filters.assignee !== '' || filters.since !== '';
  return (
    <details className="filters" open={active || undefined}>
      <summary className="filters__summary">Filters{active ? ' (on)' : ''}</summary>
      <div className="filters__fields">
        <label className="field field--compact">
          <span className="field__label">Label</span>
          <input
            className="input"
            value={filters.label}
            placeholder="billing"
            onChange={(event) => onChange({ ...filters, label: event.target.value.trim() })}
          />
        </label>
        {assigneeApplies ? (
          <label className="field field--compact">
            <span className="field__label">Assignee</span>
            <select
              className="input"
              value={filters.assignee}
              onChange={(event) => onChange({ ...filters, assignee: event.target.value })}
            >
              <option value="">Anyone</option>
              {(teammates.data ?? []).map((teammate) => (
                <option key={teammate.id} value={teammate.id}>
                  {teammate.displayName}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="field field--compact">
          <span className="field__label">Active since</span>
          <input
            className="input"
            type="date"
            value={filters.since}
            onChange={(event) => onChange({ ...filters, since: event.target.value })}
          />
        </label>
        {active ? (
          <button type="button" className="button button--quiet" onClick={() => onChange(NO_FILTERS)}>
            Clear filters
          </button>
        ) : null}
      </div>
    </details>
  );
}
