import { BOT_SETTINGS_LIMITS } from '@neodesk/contracts';
import { type KeyboardEvent, useId, useState } from 'react';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { phraseError } from '../bot-draft';

/** The customer phrases that hand a conversation to a person: a list of chips, added one at a time. */
export function HandoffPhrasesEditor({
  phrases,
  error,
  onChange,
}: {
  phrases: string[];
  error?: string;
  onChange: (phrases: string[]) => void;
}) {
  const id = useId();
  const [next, setNext] = useState('');
  const [addError, setAddError] = useState<string | undefined>(undefined);
  const { maxCount, min, max } = BOT_SETTINGS_LIMITS.handoffPhrases;
  const add = () => {
    const problem = phraseError(next, phrases);
    if (problem !== undefined) {
      setAddError(problem);
      return;
    }
    onChange([...phrases, next.trim()]);
    setNext('');
    setAddError(undefined);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      // Enter adds the phrase instead of submitting the whole form.
      event.preventDefault();
      add();
    }
  };
  const shownError = addError ?? error;
  return (
    <fieldset className="phrases">
      <legend className="field__label">Handoff phrases</legend>
      <p className="field__help" id={`${id}-about`}>
        A customer message containing one of these (whole words, any case) goes to a person instead of the bot.{' '}
        {phrases.length} of {maxCount}.
      </p>
      {phrases.length === 0 ? (
        <p className="muted">No phrase: only the “Talk to a person” button hands over.</p>
      ) : (
        <ul className="phrases__list" aria-label="Handoff phrases">
          {phrases.map((phrase) => (
            <li key={phrase} className="phrase-chip">
              <span>{phrase}</span>
              <button
                type="button"
                className="phrase-chip__remove"
                aria-label={`Remove “${phrase}”`}
                onClick={() => onChange(phrases.filter((existing) => existing !== phrase))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="phrases__add">
        <label className="visually-hidden" htmlFor={`${id}-new`}>
          New handoff phrase
        </label>
        <input
          id={`${id}-new`}
          className="input"
          value={next}
          placeholder="e.g. speak to someone"
          maxLength={max}
          aria-invalid={shownError !== undefined}
          aria-describedby={`${id}-message`}
          onChange={(event) => {
            setNext(event.target.value);
            setAddError(undefined);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="button" onClick={add} disabled={phrases.length >= maxCount}>
          Add phrase
        </button>
      </div>
      <FieldMessage id={`${id}-message`} help={`${min} to ${max} characters; no repeats.`} error={shownError} />
    </fieldset>
  );
}
