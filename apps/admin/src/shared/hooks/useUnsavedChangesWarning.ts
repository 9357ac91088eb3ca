import { useEffect } from 'react';
import { type Blocker, useBlocker } from 'react-router';

/**
 * While a form has unsaved changes: the browser asks before the tab closes or reloads, and a move to
 * another page of the app is held (the returned blocker's state is `blocked`) until the user confirms.
 * Render UnsavedChangesDialog with the blocker.
 */
export function useUnsavedChangesWarning(dirty: boolean): Blocker {
  useEffect(() => {
    if (!dirty) {
      return undefined;
    }
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
}
