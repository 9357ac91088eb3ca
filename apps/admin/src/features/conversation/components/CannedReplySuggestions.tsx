import type { CannedReplyDto } from '@neodesk/contracts';

/** Canned replies whose shortcut starts with what follows `/`; the composer moves the selection with arrows. */
export function CannedReplySuggestions({
  id,
  replies,
  selected,
  onPick,
}: {
  id: string;
  replies: CannedReplyDto[];
  selected: number;
  onPick: (reply: CannedReplyDto) => void;
}) {
  return (
    <ul id={id} className="suggestions" role="listbox" aria-label="Canned replies">
      {replies.map((reply, index) => (
        <li
          key={reply.id}
          role="option"
          aria-selected={index === selected}
          className={index === selected ? 'suggestion suggestion--selected' : 'suggestion'}
          onMouseDown={(event) => {
            // Keep the focus in the composer.
            event.preventDefault();
            onPick(reply);
          }}
        >
          <span className="suggestion__shortcut">/{reply.shortcut}</span>
          <span className="suggestion__text">{reply.text}</span>
        </li>
      ))}
    </ul>
  );
}
