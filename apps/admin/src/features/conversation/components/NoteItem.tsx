import type { NoteDto } from '@neodesk/contracts';
import { clockTime, dateTime } from '../../../shared/format';

/** A private note among the messages, marked as seen by agents only. */
export function NoteItem({ note }: { note: NoteDto }) {
  return (
    <li className="message message--note">
      <div className="message__head">
        <span className="message__author">{note.authorName ?? 'Agent'}</span>
        <span className="badge badge--note">Private note</span>
        <time className="message__time" dateTime={note.createdAt} title={dateTime(note.createdAt)}>
          {clockTime(note.createdAt)}
        </time>
      </div>
      <p className="message__text">{note.text}</p>
    </li>
  );
}
