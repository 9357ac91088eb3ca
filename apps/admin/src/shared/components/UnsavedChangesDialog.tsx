import { useEffect, useRef } from 'react';
import type { Blocker } from 'react-router';

/** Asks whether to leave a page whose changes are not saved (a blocker from useUnsavedChangesWarning). */
export function UnsavedChangesDialog({ blocker }: { blocker: Blocker }) {
  const stay = useRef<HTMLButtonElement>(null);
  const blocked = blocker.state === 'blocked';
  useEffect(() => {
    if (blocked) {
      stay.current?.focus();
    }
  }, [blocked]);
  if (!blocked) {
    return null;
  }
  return (
    <div
      className="unsaved-dialog"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="unsaved-title"
      aria-describedby="unsaved-text"
    >
      <p id="unsaved-title" className="unsaved-dialog__title">
        Leave without saving?
      </p>
      <p id="unsaved-text">Your changes on this page are not saved yet; leaving now discards them.</p>
      <div className="unsaved-dialog__bar">
        <button ref={stay} type="button" className="button button--primary" onClick={() => blocker.reset()}>
          Stay on this page
        </button>
        <button type="button" className="button button--danger" onClick={() => blocker.proceed()}>
          Leave and discard
        </button>
      </div>
    </div>
  );
}
