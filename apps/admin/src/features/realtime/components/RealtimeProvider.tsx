import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { refreshSession } from '../../auth/auth-api';
import { createAgentSocket } from '../agent-socket';
import { type ConnectionState, RealtimeContext } from '../realtime-context';

/** Opens the agent socket for the signed-in agent and reports its state; closes it on sign-out. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const socket = useMemo(() => createAgentSocket(), []);
  const [state, setState] = useState<ConnectionState>('connecting');
  const [sessions, setSessions] = useState(0);

  useEffect(() => {
    const onReady = () => {
      setState('connected');
      setSessions((count) => count + 1);
    };
    const onDisconnect = (reason: string) => {
      setState('offline');
      // The server refused or ended the socket (an expired token): new tokens, then connect again.
      if (reason === 'io server disconnect') {
        void refreshSession().then((session) => {
          if (session !== null) {
            window.setTimeout(() => socket.connect(), 250);
          }
        });
      }
    };
    const onConnectError = () => setState('offline');
    socket.on('session:ready', onReady);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onConnectError);
    socket.connect();
    return () => {
      socket.off('session:ready', onReady);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      socket.disconnect();
    };
  }, [socket]);

  const value = useMemo(() => ({ socket, state, sessions }), [socket, state, sessions]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
