import { useEffect, useState } from 'react';
import { useRealtime } from '../../realtime/hooks/useRealtime';

/** Whether the customer is typing in this conversation (cleared after a silence, in case the stop is lost). */
export function useVisitorTyping(conversationId: string): boolean {
  const { socket } = useRealtime();
  const [typing, setTyping] = useState(false);
  useEffect(() => {
    let timer: number | undefined;
    const onTyping = (event: { conversationId: string; isTyping: boolean }) => {
      if (event.conversationId !== conversationId) {
        return;
      }
      window.clearTimeout(timer);
      setTyping(event.isTyping);
      if (event.isTyping) {
        timer = window.setTimeout(() => setTyping(false), 8_000);
      }
    };
    socket.on('visitor:typing', onTyping);
    return () => {
      socket.off('visitor:typing', onTyping);
      window.clearTimeout(timer);
      setTyping(false);
    };
  }, [socket, conversationId]);
  return typing;
}
