import type { AgentPresenceStatus } from '@neodesk/contracts';

/** The status this agent chose ("away" survives a reload); the tab being hidden a while also counts as away. */
const KEY = 'neodesk:admin:presence';
const listeners = new Set<() => void>();
let chosen: AgentPresenceStatus = localStorage.getItem(KEY) === 'away' ? 'away' : 'online';

export const myStatusStore = {
  get: (): AgentPresenceStatus => chosen,
  set: (status: AgentPresenceStatus): void => {
    chosen = status;
    if (status === 'away') {
      localStorage.setItem(KEY, 'away');
    } else {
      localStorage.removeItem(KEY);
    }
    listeners.forEach((listener) => listener());
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
