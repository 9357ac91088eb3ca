import type { GuardrailDecisionDto, MessageDto, NoteDto } from '@neodesk/contracts';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { GuardrailNotice } from '../../guardrails/components/GuardrailNotice';
import { MessageItem } from './MessageItem';
import { NoteItem } from './NoteItem';
import { StreamingReply } from './StreamingReply';

type Aside =
  { kind: 'note'; at: string; note: NoteDto } | { kind: 'decision'; at: string; decision: GuardrailDecisionDto };
type Entry = { kind: 'message'; at: string; message: MessageDto } | Aside;

/** Messages by sequence; private notes and guardrail decisions placed by time among them. */
function entries(messages: MessageDto[], notes: NoteDto[], decisions: GuardrailDecisionDto[]): Entry[] {
  const result: Entry[] = [];
  let n = 0;
  const asides: Aside[] = [
    ...notes.map((note): Aside => ({ kind: 'note', at: note.createdAt, note })),
    ...decisions.map((decision): Aside => ({ kind: 'decision', at: decision.createdAt, decision })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  for (const message of messages) {
    while (n < asides.length && comesBefore(asides[n], message)) {
      result.push(asides[n]);
      n++;
    }
    result.push({ kind: 'message', at: message.createdAt, message });
  }
  for (; n < asides.length; n++) {
    result.push(asides[n]);
  }
  return result;
}

/** Earlier asides first; a decision about a stored message (the fallback that replaced a reply) just before it. */
function comesBefore(aside: Aside, message: MessageDto): boolean {
  return aside.at < message.createdAt || (aside.kind === 'decision' && aside.decision.messageSeq === message.seq);
}

export function Transcript({
  messages,
  notes,
  decisions = [],
  streaming,
  customer,
  focusSeq,
  visitorTyping,
  onTakeOver,
  takingOver,
}: {
  messages: MessageDto[];
  notes: NoteDto[];
  /** Guardrail decisions (agents only). */
  decisions?: GuardrailDecisionDto[];
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
      {messages.length === 0 && notes.length === 0 && decisions.length === 0 && streaming.length === 0 ? (
        <p className="transcript__empty">No messages yet. The customer&apos;s first message shows here live.</p>
      ) : null}
      <ol className="transcript__list">
        {entries(messages, notes, decisions).map((entry) =>
          entry.kind === 'message' ? (
            <MessageItem
              key={`m${entry.message.seq}`}
              message={entry.message}
              customer={customer}
              focused={entry.message.seq === focusSeq}
            />
          ) : entry.kind === 'note' ? (
            <NoteItem key={`n${entry.note.id}`} note={entry.note} />
          ) : (
            <GuardrailNotice key={`g${entry.decision.id}`} decision={entry.decision} />
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
