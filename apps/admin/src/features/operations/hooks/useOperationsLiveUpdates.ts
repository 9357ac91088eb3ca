import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useRealtime } from '../../realtime/hooks/useRealtime';
import { operationsKeys } from '../operations-api';

/** A conversation that starts, moves or is handed off changes the counts: ask again at once (debounced). */
export function useOperationsLiveUpdates(): void {
  const queryClient = useQueryClient();
  const { socket, sessions } = useRealtime();
  useEffect(() => {
    let timer: number | undefined;
    const refresh = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: operationsKeys.live }), 300);
    };
    socket.on('message:new', refresh);
    socket.on('conversation:updated', refresh);
    socket.on('conversation:handoff', refresh);
    return () => {
      socket.off('message:new', refresh);
      socket.off('conversation:updated', refresh);
      socket.off('conversation:handoff', refresh);
      window.clearTimeout(timer);
    };
  }, [socket, queryClient]);

  // Back from offline: what happened meanwhile.
  useEffect(() => {
    if (sessions > 1) {
      void queryClient.invalidateQueries({ queryKey: operationsKeys.all });
    }
  }, [sessions, queryClient]);
}
