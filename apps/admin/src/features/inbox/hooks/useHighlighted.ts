import { useSyncExternalStore } from 'react';
import { highlightStore } from '../highlight-store';

export function useHighlighted(): ReadonlySet<string> {
  return useSyncExternalStore(highlightStore.subscribe, highlightStore.get);
}
