import { type FormEvent, useState } from 'react';

/** The conversation's labels: remove with the chip's button, add one word at a time. */
export function LabelsEditor({
  labels,
  busy,
  onChange,
}: {
  labels: string[];
  busy: boolean;
  onChange: (labels: string[]) => void;
}) {
  const [draft, setDraft] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    const label = draft.trim().replace(/[\s,]+/g, '-');
    if (label !== '' && !labels.includes(label)) {
      onChange([...labels, label]);
    }
    setDraft('');
  };
  return (
    <div className="labels">
      <ul className="labels__list" aria-label="Labels">
        {labels.map((label) => (
          <li key={label} className="chip">
            {label}
            <button
              type="button"
              className="chip__remove"
              aria-label={`Remove label ${label}`}
              disabled={busy}
              onClick={() => onChange(labels.filter((candidate) => candidate !== label))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="labels__add" onSubmit={add}>
        <label className="visually-hidden" htmlFor="label-draft">
          New label
        </label>
        <input
          id="label-draft"
          className="input input--small"
          value={draft}
          maxLength={50}
          placeholder="Add a label"
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="button button--small" disabled={busy || draft.trim() === ''}>
          Add
        </button>
      </form>
    </div>
  );
}
