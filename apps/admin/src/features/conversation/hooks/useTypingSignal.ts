import { useCallback, useEffect, useRef } from 'react';
import { useRealtime } from '../../realtime/hooks/useRealtime';

const IDLE_MS = 3_000;

/** Tells the visitor "an agent is typing" while the agent types, and stops after a pause or a send. */
export function useTypingSignal(conversationId: string): { typed: () => void; stopped: () => void } {
  const { socket } = useRealtime();
  const typing = useRef(false);
  const idleTimer = useRef<number | undefined>(undefined);

  const stopped = useCallback(() => {
    window.clearTimeout(idleTimer.current);
    if (typing.current) {
      typing.current = false;
      socket.emit('typing', { conversationId, isTyping: false });
    }
  }, [socket, conversationId]);

  const typed = useCallback(() => {
    if (!typing.current) {
      typing.current = true;
      socket.emit('typing', { conversationId, isTyping: true });
    }
    window.clearTimeout(idleTimer.current);
    idleTimer.current = window.setTimeout(stopped, IDLE_MS);
  }, [socket, conversationId, stopped]);

  useEffect(() => stopped, [stopped]);
  return { typed, stopped };
}
