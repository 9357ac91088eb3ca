import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/**
 * A destructive action asked twice, in place: the button turns into "Question? [Confirm] [Cancel]".
 * Focus moves to Cancel when asked (Enter alone never confirms) and back to the button when cancelled.
 */
export function InlineConfirm({
  label,
  question,
  confirmLabel,
  busy = false,
  disabled = false,
  tone = 'danger',
  describedBy,
  onConfirm,
}: {
  /** The button's content (give the visually hidden object of the action, e.g. the key's name). */
  label: ReactNode;
  question: string;
  confirmLabel: string;
  busy?: boolean;
  disabled?: boolean;
  /** `danger` for what cannot be undone; `normal` for a reversible action worth a second thought. */
  tone?: 'danger' | 'normal';
  describedBy?: string;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (asking) {
      cancelRef.current?.focus();
    } else if (returnFocus.current) {
      returnFocus.current = false;
      triggerRef.current?.focus();
    }
  }, [asking]);
  if (!asking) {
    return (
      <button
        ref={triggerRef}
        type="button"
        className={`button button--small${tone === 'danger' ? ' button--danger' : ''}`}
        disabled={disabled || busy}
        aria-describedby={describedBy}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span
      className="inline-confirm"
      role="group"
      aria-labelledby={questionId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          returnFocus.current = true;
          setAsking(false);
        }
      }}
    >
      <span id={questionId} className="inline-confirm__question">
        {question}
      </span>
      <span className="inline-confirm__buttons">
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy}
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
        <button
          ref={cancelRef}
          type="button"
          className="button button--small"
          onClick={() => {
            returnFocus.current = true;
            setAsking(false);
          }}
        >
          Cancel
        </button>
      </span>
    </span>
  );
}
