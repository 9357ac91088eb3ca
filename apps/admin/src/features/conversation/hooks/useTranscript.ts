import { ConversationTranscript, type MessageDto } from '@neodesk/contracts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { request } from '../../realtime/agent-socket';
import { useRealtime } from '../../realtime/hooks/useRealtime';

export interface TranscriptView {
  messages: MessageDto[];
  streaming: Array<{ replyId: string; attempt: number; text: string }>;
  loading: boolean;
  error: string | null;
  /** A message this client already has from an ack (its `message:new` may come later, or not at all). */
  add: (message: MessageDto) => void;
}

/**
 * A conversation's messages and the bot replies being written, assembled by the contracts'
 * ConversationTranscript from `conversation:resume` answers and live events: after every (re)connect it
 * resumes after the last message it holds, so nothing is missed and nothing shown twice.
 */
export function useTranscript(conversationId: string): TranscriptView {
  const { socket, sessions } = useRealtime();
  const transcript = useMemo(() => new ConversationTranscript(conversationId), [conversationId]);
  const [version, setVersion] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const changed = useCallback(() => setVersion((value) => value + 1), []);

  useEffect(() => {
    const onMessage = ({ message }: { message: MessageDto }) => {
      transcript.addMessage(message);
      changed();
    };
    const onStart = (event: Parameters<ConversationTranscript['applyStart']>[0]) => {
      transcript.applyStart(event);
      changed();
    };
    const onDelta = (event: Parameters<ConversationTranscript['applyDelta']>[0]) => {
      transcript.applyDelta(event);
      changed();
    };
    const onEnd = (event: Parameters<ConversationTranscript['applyEnd']>[0]) => {
      transcript.applyEnd(event);
      changed();
    };
    const onFeedback = (feedback: { conversationId: string; seq: number; rating: MessageDto['feedback'] }) => {
      const message = transcript.list().find((candidate) => candidate.seq === feedback.seq);
      if (feedback.conversationId === conversationId && message !== undefined) {
        transcript.addMessage({ ...message, feedback: feedback.rating });
        changed();
      }
    };
    socket.on('message:new', onMessage);
    socket.on('bot:reply:start', onStart);
    socket.on('bot:reply:delta', onDelta);
    socket.on('bot:reply:end', onEnd);
    socket.on('message:feedback', onFeedback);
    return () => {
      socket.off('message:new', onMessage);
      socket.off('bot:reply:start', onStart);
      socket.off('bot:reply:delta', onDelta);
      socket.off('bot:reply:end', onEnd);
      socket.off('message:feedback', onFeedback);
    };
  }, [socket, transcript, conversationId, changed]);

  // On open and after every reconnect (a new session): catch up from the last message held.
  useEffect(() => {
    if (sessions === 0) {
      return;
    }
    let cancelled = false;
    const resume = async () => {
      try {
        for (;;) {
          const result = await request(socket, 'conversation:resume', { conversationId, afterSeq: transcript.lastSeq });
          if (cancelled) {
            return;
          }
          transcript.applyResume(result);
          changed();
          if (!result.hasMore) {
            break;
          }
        }
        setError(null);
      } catch (caught) {
        if (!cancelled) {
          setError(caught instanceof Error ? caught.message : 'The transcript could not be loaded');
        }
      } finally {
        if (!cancelled) {
          setLoading(false);
        }
      }
    };
    void resume();
    return () => {
      cancelled = true;
    };
  }, [sessions, socket, transcript, conversationId, changed]);

  const add = useCallback(
    (message: MessageDto) => {
      transcript.addMessage(message);
      changed();
    },
    [transcript, changed],
  );

  return useMemo(
    () => ({ messages: transcript.list(), streaming: transcript.streaming(), loading, error, add }),
    // `version` marks a change inside the transcript object.
    [transcript, version, loading, error, add],
  );
}
