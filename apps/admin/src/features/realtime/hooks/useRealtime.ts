import { useContext } from 'react';
import { RealtimeContext, type RealtimeState } from '../realtime-context';

export function useRealtime(): RealtimeState {
  const realtime = useContext(RealtimeContext);
  if (realtime === null) {
    throw new Error('useRealtime outside RealtimeProvider');
  }
  return realtime;
}
