import { useEffect } from 'react';

/** The tab says how many conversations wait for a person: `(3) Neodesk`. */
export function useWaitingTitle(waiting: number | undefined): void {
  useEffect(() => {
    document.title = waiting !== undefined && waiting > 0 ? `(${waiting}) Neodesk` : 'Neodesk';
  }, [waiting]);
}
