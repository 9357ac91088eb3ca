import { useEffect, useRef } from 'react';

/** Keys typed into a field are text, not shortcuts. */
function typingInField(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Single-key shortcuts (`j`, `?`, ...) while focus is not in a field; the handlers may change every render. */
export function useKeyboardShortcuts(handlers: Record<string, () => void>): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || typingInField(event.target)) {
        return;
      }
      const handler = current.current[event.key];
      if (handler !== undefined) {
        event.preventDefault();
        handler();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
