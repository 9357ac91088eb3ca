import type { AgentPresenceStatus } from '@neodesk/contracts';
import { useSyncExternalStore } from 'react';
import { myStatusStore } from '../my-status-store';

export function useMyStatus(): AgentPresenceStatus {
  return useSyncExternalStore(myStatusStore.subscribe, myStatusStore.get);
}
