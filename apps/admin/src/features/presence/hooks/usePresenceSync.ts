import type { AgentPresenceDto, AgentPresenceStatus } from '@neodesk/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { request } from '../../realtime/agent-socket';
import { useRealtime } from '../../realtime/hooks/useRealtime';
import { presenceKeys } from '../presence-keys';
import { useMyStatus } from './useMyStatus';

/** A tab hidden this long counts as away. */
const HIDDEN_AWAY_MS = 2 * 60_000;

/**
 * Keeps the team's presence in the query cache (`presence:changed`) and tells the server this tab's status:
 * the agent's choice, or away while the tab has been hidden a while; again after every reconnect.
 */
export function usePresenceSync(): void {
  const queryClient = useQueryClient();
  const { socket, sessions } = useRealtime();
  const chosen = useMyStatus();
  const [hiddenLong, setHiddenLong] = useState(false);

  useEffect(() => {
    const onChanged = (agents: AgentPresenceDto[]) => queryClient.setQueryData(presenceKeys.all, agents);
    socket.on('presence:changed', onChanged);
    return () => {
      socket.off('presence:changed', onChanged);
    };
  }, [socket, queryClient]);

  useEffect(() => {
    let timer: number | undefined;
    const onVisibility = () => {
      window.clearTimeout(timer);
      if (document.visibilityState === 'hidden') {
        timer = window.setTimeout(() => setHiddenLong(true), HIDDEN_AWAY_MS);
      } else {
        setHiddenLong(false);
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.clearTimeout(timer);
    };
  }, []);

  const status: AgentPresenceStatus = chosen === 'away' || hiddenLong ? 'away' : 'online';
  // Said on every (re)connect too: a new socket starts online on the server.
  useEffect(() => {
    if (sessions === 0) {
      return;
    }
    void request(socket, 'presence:set', { status })
      .then((agents) => queryClient.setQueryData(presenceKeys.all, agents))
      .catch(() => undefined);
  }, [status, sessions, socket, queryClient]);
}
