import { createContext } from 'react';
import type { AgentSocket } from './agent-socket';

export type ConnectionState = 'connecting' | 'connected' | 'offline';

export interface RealtimeState {
  socket: AgentSocket;
  state: ConnectionState;
  /** Grows by one each time the server accepted the socket: a change after the first means "resync now". */
  sessions: number;
}

export const RealtimeContext = createContext<RealtimeState | null>(null);
