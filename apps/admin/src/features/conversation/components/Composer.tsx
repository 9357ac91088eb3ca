import { type CannedReplyDto, MAX_MESSAGE_LENGTH, type MessageDto } from '@neodesk/contracts';
import { type KeyboardEvent, forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { useCannedReplies } from '../../canned-replies/hooks/useCannedReplies';
import { requestRetrying } from '../../realtime/agent-socket';
import { useRealtime } from '../../realtime/hooks/useRealtime';
import { useAddNote } from '../hooks/useNotes';
import { useTypingSignal } from '../hooks/useTypingSignal';
import { CannedReplySuggestions } from './CannedReplySuggestions';

export type ComposerMode = 'reply' | 'note';

export interface ComposerHandle {
  focus: (mode: ComposerMode) => void;
}

/**
 * Reply to the customer (`message:send`, which takes the conversation over if needed) or write a private
 * note. Enter sends, Shift+Enter starts a new line, `/shortcut` offers the workspace's canned replies.
 */
export const Composer = forwardRef<ComposerHandle, { conversationId: string; onSent: (message: MessageDto) => void }>(
  function Composer({ conversationId, onSent }, ref) {
    const [mode, setMode] = useState<ComposerMode>('reply');
    const [text, setText] = useState('');
    const [error, setError] = useState<string | null>(null);
    const [sending, setSending] = useState(false);
    const [waiting, setWaiting] = useState<string | null>(null);
    /** The client id of the reply being sent: kept until it is stored, so a resend never stores it twice. */
    const draft = useRef<{ conversationId: string; text: string; clientMessageId: string } | null>(null);
    const [selected, setSelected] = useState(0);
    const field = useRef<HTMLTextAreaElement>(null);
    const { socket } = useRealtime();
    const typing = useTypingSignal(conversationId);
    const addNote = useAddNote(conversationId);
    const canned = useCannedReplies();

    useImperativeHandle(ref, () => ({
      focus: (next) => {
        setMode(next);
        field.current?.focus();
      },
    }));

    const slash = /^\/([a-z0-9_-]*)$/.exec(text);
    const suggestions: CannedReplyDto[] =
      slash === null ? [] : (canned.data ?? []).filter((reply) => reply.shortcut.startsWith(slash[1])).slice(0, 8);

    const pick = (reply: CannedReplyDto) => {
      setText(reply.text);
      setSelected(0);
      field.current?.focus();
    };

    const send = async () => {
      const body = text.trim();
      if (body === '' || sending) {
        return;
      }
      setSending(true);
      setError(null);
      try {
        if (mode === 'note') {
          await addNote.mutateAsync(body);
        } else {
          typing.stopped();
          if (draft.current?.text !== body || draft.current.conversationId !== conversationId) {
            draft.current = { conversationId, text: body, clientMessageId: crypto.randomUUID() };
          }
          const message = await requestRetrying(
            socket,
            'message:send',
            { conversationId, clientMessageId: draft.current.clientMessageId, text: body },
            (refusal) => setWaiting(`${refusal.message} Retrying…`),
          );
          draft.current = null;
          onSent(message);
        }
        setText('');
      } catch (caught) {
        setError(caught instanceof Error ? caught.message : 'Sending failed');
      } finally {
        setWaiting(null);
        setSending(false);
        field.current?.focus();
      }
    };

    const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
      if (suggestions.length > 0) {
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          const step = event.key === 'ArrowDown' ? 1 : -1;
          setSelected((current) => (current + step + suggestions.length) % suggestions.length);
          return;
        }
        if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
          event.preventDefault();
          pick(suggestions[Math.min(selected, suggestions.length - 1)]);
          return;
        }
      }
      if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
        event.preventDefault();
        void send();
      } else if (event.key === 'Escape') {
        field.current?.blur();
      }
    };

    const label = mode === 'reply' ? 'Reply to the customer' : 'Private note (agents only)';
    return (
      <div className={`composer composer--${mode}`}>
        <div className="composer__tabs" role="group" aria-label="Composer mode">
          <button
            type="button"
            className="tab"
            aria-pressed={mode === 'reply'}
            onClick={() => {
              setMode('reply');
              field.current?.focus();
            }}
          >
            Reply
          </button>
          <button
            type="button"
            className="tab"
            aria-pressed={mode === 'note'}
            onClick={() => {
              setMode('note');
              field.current?.focus();
            }}
          >
            Private note
          </button>
        </div>
        {suggestions.length > 0 ? (
          <CannedReplySuggestions
            id={`canned-${conversationId}`}
            replies={suggestions}
            selected={Math.min(selected, suggestions.length - 1)}
            onPick={pick}
          />
        ) : null}
        <label className="visually-hidden" htmlFor={`composer-${conversationId}`}>
          {label}
        </label>
        <textarea
          id={`composer-${conversationId}`}
          ref={field}
          className="composer__field"
          rows={3}
          maxLength={MAX_MESSAGE_LENGTH}
          placeholder={
            mode === 'reply'
              ? 'Write a reply… (Enter sends, Shift+Enter new line, / for canned replies)'
              : 'Write a note only agents see…'
          }
          value={text}
          aria-describedby={`composer-help-${conversationId}`}
          onChange={(event) => {
            setText(event.target.value);
            setSelected(0);
            if (mode === 'reply' && event.target.value !== '') {
              typing.typed();
            }
          }}
          onKeyDown={onKeyDown}
          onBlur={typing.stopped}
        />
        <div className="composer__bar">
          <p id={`composer-help-${conversationId}`} className="composer__help" role="status">
            {error !== null
              ? ''
              : waiting !== null
                ? waiting
                : suggestions.length > 0
                  ? `${suggestions.length} canned ${suggestions.length === 1 ? 'reply matches' : 'replies match'}: Enter inserts /${suggestions[Math.min(selected, suggestions.length - 1)].shortcut}`
                  : mode === 'note'
                    ? 'Notes are never shown to the customer.'
                    : ''}
          </p>
          {error !== null ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          <button
            type="button"
            className="button button--primary"
            onClick={() => void send()}
            disabled={sending || text.trim() === ''}
          >
            {mode === 'reply' ? 'Send' : 'Add note'}
          </button>
        </div>
      </div>
    );
  },
);
