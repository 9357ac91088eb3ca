import type { MessageDto, NoteDto } from '@neodesk/contracts';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { MessageItem } from './MessageItem';
import { NoteItem } from './NoteItem';
import { StreamingReply } from './StreamingReply';

type Entry = { kind: 'message'; at: string; message: MessageDto } | { kind: 'note'; at: string; note: NoteDto };

/** Messages by sequence, private notes placed by time among them. */
function entries(messages: MessageDto[], notes: NoteDto[]): Entry[] {
  const result: Entry[] = [];
  let n = 0;
  const sortedNotes = [...notes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const message of messages) {
    while (n < sortedNotes.length && sortedNotes[n].createdAt < message.createdAt) {
      result.push({ kind: 'note', at: sortedNotes[n].createdAt, note: sortedNotes[n] });
      n++;
    }
    result.push({ kind: 'message', at: message.createdAt, message });
  }
  for (; n < sortedNotes.length; n++) {
    result.push({ kind: 'note', at: sortedNotes[n].createdAt, note: sortedNotes[n] });
  }
  return result;
}

export function Transcript({
  messages,
  notes,
  streaming,
  customer,
  focusSeq,
  visitorTyping,
  onTakeOver,
  takingOver,
}: {
  messages: MessageDto[];
  notes: NoteDto[];
  streaming: Array<{ replyId: string; text: string }>;
  customer: string;
  focusSeq: number | undefined;
  visitorTyping: boolean;
  onTakeOver: () => void;
  takingOver: boolean;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const focused = useRef<number | undefined>(undefined);

  // Follow new content while the agent is at the bottom; leave them alone when they scrolled up to read.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element !== null && pinned.current && focusSeq === undefined) {
      element.scrollTop = element.scrollHeight;
    }
  });

  // Opened from a search result: bring that message into view once it is there.
  useEffect(() => {
    if (focusSeq === undefined || focused.current === focusSeq) {
      return;
    }
    const target = scroller.current?.querySelector<HTMLElement>(`[data-seq="${focusSeq}"]`);
    if (target) {
      focused.current = focusSeq;
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
    }
  });

  return (
    <div
      className="transcript"
      role="log"
      aria-label="Transcript"
      tabIndex={0}
      ref={scroller}
      onScroll={(event) => {
        const element = event.currentTarget;
        pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
      }}
    >
      {messages.length === 0 && notes.length === 0 && streaming.length === 0 ? (
        <p className="transcript__empty">No messages yet. The customer&apos;s first message shows here live.</p>
      ) : null}
      <ol className="transcript__list">
        {entries(messages, notes).map((entry) =>
          entry.kind === 'message' ? (
            <MessageItem
              key={`m${entry.message.seq}`}
              message={entry.message}
              customer={customer}
              focused={entry.message.seq === focusSeq}
            />
          ) : (
            <NoteItem key={`n${entry.note.id}`} note={entry.note} />
          ),
        )}
        {streaming.map((reply) => (
          <StreamingReply key={reply.replyId} text={reply.text} onTakeOver={onTakeOver} busy={takingOver} />
        ))}
      </ol>
      <p className="typing" role="status">
        {visitorTyping ? `${customer} is typing…` : ''}
      </p>
    </div>
  );
}
