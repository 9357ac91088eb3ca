import { REPORT_GROUPINGS, type ReportGrouping } from '@neodesk/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import {
  GROUPING_LABELS,
  PRESET_LABELS,
  RANGE_PRESETS,
  type RangePreset,
  type ReportSelection,
  presetRange,
  rangeProblem,
  today,
} from '../report-range';

/** The range (a preset, or two dates) and the grouping; a change shows the report at once. */
export function ReportFilters({
  selection,
  onChange,
}: {
  selection: ReportSelection;
  onChange: (next: Omit<ReportSelection, 'timeZone'>) => void;
}) {
  const [from, setFrom] = useState(selection.from);
  const [to, setTo] = useState(selection.to);
  const [problem, setProblem] = useState<string | null>(null);
  // Another preset, or the URL, changed the dates: show them.
  useEffect(() => {
    setFrom(selection.from);
    setTo(selection.to);
    setProblem(null);
  }, [selection.from, selection.to]);

  const choosePreset = (preset: RangePreset) => {
    if (preset === 'custom') {
      onChange({ ...selection, preset });
    } else {
      onChange({ ...selection, preset, ...presetRange(preset, today(selection.timeZone)) });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = rangeProblem(from, to);
    setProblem(found);
    if (found === null) {
      onChange({ preset: 'custom', from, to, groupBy: selection.groupBy });
    }
  };
  return (
    <form className="report-filters card" onSubmit={submit} aria-label="Report range">
      <div className="field report-filters__field">
        <label className="field__label" htmlFor="report-range">
          Range
        </label>
        <select
          id="report-range"
          className="input"
          value={selection.preset}
          onChange={(event) => choosePreset(event.target.value as RangePreset)}
        >
          {RANGE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {PRESET_LABELS[preset]}
            </option>
          ))}
        </select>
      </div>
      <div className="field report-filters__field">
        <label className="field__label" htmlFor="report-from">
          From
        </label>
        <input
          id="report-from"
          className="input"
          type="date"
          value={from}
          max={to}
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? undefined : 'report-range-problem'}
          onChange={(event) => setFrom(event.target.value)}
        />
      </div>
      <div className="field report-filters__field">
        <label className="field__label" htmlFor="report-to">
          To (included)
        </label>
        <input
          id="report-to"
          className="input"
          type="date"
          value={to}
          min={from}
          aria-invalid={problem !== null}
          aria-describedby={problem === null ? undefined : 'report-range-problem'}
          onChange={(event) => setTo(event.target.value)}
        />
      </div>
      <button
        type="submit"
        className="button report-filters__apply"
        disabled={from === selection.from && to === selection.to && selection.preset === 'custom'}
      >
        Show these dates
      </button>
      <div className="field report-filters__field">
        <label className="field__label" htmlFor="report-group">
          Group by
        </label>
        <select
          id="report-group"
          className="input"
          value={selection.groupBy}
          onChange={(event) => onChange({ ...selection, groupBy: event.target.value as ReportGrouping })}
        >
          {REPORT_GROUPINGS.map((grouping) => (
            <option key={grouping} value={grouping}>
              {GROUPING_LABELS[grouping]}
            </option>
          ))}
        </select>
      </div>
      <p className="muted report-filters__zone">
        {selection.from} to {selection.to}, in {selection.timeZone} (this browser&apos;s time zone).
      </p>
      {problem === null ? null : (
        <p id="report-range-problem" className="field__error report-filters__problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
