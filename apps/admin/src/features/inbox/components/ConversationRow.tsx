import type { InboxView, MessageDto } from '@neodesk/contracts';
import { Link } from 'react-router';
import { HighlightedText } from '../../../shared/components/HighlightedText';
import { elapsed } from '../../../shared/format';
import { type InboxRow, STATUS_LABELS, customerName } from '../inbox-views';

function previewAuthor(message: MessageDto, userId: string): string {
  switch (message.author) {
    case 'customer':
      return '';
    case 'bot':
      return 'Bot: ';
    case 'agent':
      return message.authorUserId === userId ? 'You: ' : `${message.authorName ?? 'Agent'}: `;
    case 'system':
      return '';
  }
}

interface ConversationRowProps {
  row: InboxRow;
  view: InboxView;
  userId: string;
  now: number;
  selected: boolean;
  highlighted: boolean;
  /** Search words to mark in the preview (search results). */
  words?: readonly string[];
  /** Where the row links to (default: the conversation in this view). */
  to?: string;
}

/** One conversation in a list: customer, newest message, how long it has waited, status. */
export function ConversationRow({
  row,
  view,
  userId,
  now,
  selected,
  highlighted,
  words = [],
  to,
}: ConversationRowProps) {
  const { conversation, preview } = row;
  const since = conversation.lastMessageAt ?? conversation.updatedAt;
  const waiting = conversation.status === 'waiting_human';
  return (
    <li
      className={['row', selected ? 'row--selected' : '', highlighted ? 'row--handoff' : ''].join(' ')}
      data-conversation-id={conversation.id}
    >
      <Link
        to={to ?? `/inbox/${view}/${conversation.id}`}
        className="row__link"
        aria-current={selected ? 'page' : undefined}
      >
        <span className="row__top">
          <span className="row__customer">{customerName(conversation)}</span>
          <span className={waiting ? 'row__time row__time--waiting' : 'row__time'}>
            <span className="visually-hidden">{waiting ? 'waiting for ' : 'last activity '}</span>
            {elapsed(since, now)}
          </span>
        </span>
        <span className="row__preview">
          {preview === null ? (
            <span className="muted">No messages yet</span>
          ) : (
            <>
              {previewAuthor(preview, userId)}
              <HighlightedText text={preview.text} words={words} />
            </>
          )}
        </span>
        <span className="row__meta">
          {highlighted ? <span className="badge badge--handoff">New handoff</span> : null}
          <span className={`badge badge--${conversation.status}`}>{STATUS_LABELS[conversation.status]}</span>
          {conversation.labels.map((label) => (
            <span key={label} className="chip">
              {label}
            </span>
          ))}
        </span>
      </Link>
    </li>
  );
}
