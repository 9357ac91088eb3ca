import { GUARDRAIL_LIMITS } from '@neodesk/contracts';
import { type KeyboardEvent, useId, useState } from 'react';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { type ListName, entryError, normalizeEntry } from '../guardrails-draft';

/** One list of the guardrails (blocked terms, forbidden promises, allowed domains): chips, added one at a time. */
export function ChipListEditor({
  name,
  label,
  about,
  empty,
  placeholder,
  entries,
  error,
  onChange,
}: {
  name: ListName;
  label: string;
  about: string;
  empty: string;
  placeholder: string;
  entries: string[];
  error?: string;
  onChange: (entries: string[]) => void;
}) {
  const id = useId();
  const [next, setNext] = useState('');
  const [addError, setAddError] = useState<string | undefined>(undefined);
  const { maxCount, min, max } = GUARDRAIL_LIMITS[name];
  const singular = label.replace(/s$/u, '').toLowerCase();
  const add = () => {
    const problem = entryError(name, next, entries);
    if (problem !== undefined) {
      setAddError(problem);
      return;
    }
    onChange([...entries, normalizeEntry(name, next)]);
    setNext('');
    setAddError(undefined);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      // Enter adds the entry instead of submitting the whole form.
      event.preventDefault();
      add();
    }
  };
  const shownError = addError ?? error;
  return (
    <fieldset className="phrases">
      <legend className="field__label">{label}</legend>
      <p className="field__help">
        {about} {entries.length} of {maxCount}.
      </p>
      {entries.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="phrases__list" aria-label={label}>
          {entries.map((entry) => (
            <li key={entry} className="phrase-chip">
              <span>{entry}</span>
              <button
                type="button"
                className="phrase-chip__remove"
                aria-label={`Remove “${entry}”`}
                onClick={() => onChange(entries.filter((existing) => existing !== entry))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="phrases__add">
        <label className="visually-hidden" htmlFor={`${id}-new`}>
          New {singular}
        </label>
        <input
          id={`${id}-new`}
          className="input"
          value={next}
          placeholder={placeholder}
          maxLength={max}
          aria-invalid={shownError !== undefined}
          aria-describedby={`${id}-message`}
          onChange={(event) => {
            setNext(event.target.value);
            setAddError(undefined);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="button" onClick={add} disabled={entries.length >= maxCount}>
          Add <span className="visually-hidden">{singular}</span>
        </button>
      </div>
      <FieldMessage
        id={`${id}-message`}
        help={
          name === 'allowedLinkDomains'
            ? 'A domain name; its subdomains are allowed too.'
            : `${min} to ${max} characters; no repeats.`
        }
        error={shownError}
      />
    </fieldset>
  );
}
