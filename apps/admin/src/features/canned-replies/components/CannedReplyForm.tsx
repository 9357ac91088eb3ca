import { CANNED_REPLY_SHORTCUT_PATTERN } from '@neodesk/contracts';
import { type FormEvent, useId, useState } from 'react';

/** Shortcut and text of a canned reply (new or edited). */
export function CannedReplyForm({
  initial,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: { shortcut: string; text: string };
  submitLabel: string;
  busy: boolean;
  onSubmit: (value: { shortcut: string; text: string }) => void;
  onCancel?: () => void;
}) {
  const idPrefix = useId();
  const [shortcut, setShortcut] = useState(initial.shortcut);
  const [text, setText] = useState(initial.text);
  const validShortcut = CANNED_REPLY_SHORTCUT_PATTERN.test(shortcut);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (validShortcut && text.trim() !== '') {
      onSubmit({ shortcut, text: text.trim() });
    }
  };
  return (
    <form className="canned-form" onSubmit={submit}>
      <div className="field">
        <label className="field__label" htmlFor={`${idPrefix}-shortcut`}>
          Shortcut
        </label>
        <span className="shortcut-input">
          <span aria-hidden="true">/</span>
          <input
            id={`${idPrefix}-shortcut`}
            className="input"
            value={shortcut}
            maxLength={40}
            required
            aria-invalid={shortcut !== '' && !validShortcut}
            aria-describedby={`${idPrefix}-shortcut-help`}
            onChange={(event) => setShortcut(event.target.value.toLowerCase())}
          />
        </span>
        <span id={`${idPrefix}-shortcut-help`} className="field__help">
          Lowercase letters, digits, - and _.
        </span>
      </div>
      <label className="field">
        <span className="field__label">Text</span>
        <textarea
          className="input"
          rows={3}
          value={text}
          maxLength={4000}
          required
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <div className="canned-form__bar">
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !validShortcut || text.trim() === ''}
        >
          {submitLabel}
        </button>
        {onCancel !== undefined ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
