import { useSyncExternalStore } from 'react';
import { type Session, sessionStore } from '../session-store';

/** The signed-in agent (null when signed out); re-renders when another tab or a refresh changes it. */
export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}
