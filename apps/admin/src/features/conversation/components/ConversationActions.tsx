import type { ConversationDto } from '@neodesk/contracts';
import type { ConversationAction } from '../hooks/useConversationActions';

/** The actions the conversation's state allows, each one button with a visible name. */
export function ConversationActions({
  conversation,
  userId,
  busy,
  onAction,
}: {
  conversation: ConversationDto;
  userId: string;
  busy: boolean;
  onAction: (action: ConversationAction) => void;
}) {
  const { status } = conversation;
  return (
    <div className="actions" role="group" aria-label="Conversation actions">
      {status === 'bot' || status === 'waiting_human' ? (
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => onAction({ kind: 'takeover' })}
        >
          Take over
        </button>
      ) : null}
      {status === 'human' && conversation.assignedAgentId !== userId ? (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => onAction({ kind: 'assign', assigneeId: userId })}
        >
          Assign to me
        </button>
      ) : null}
      {status === 'human' || status === 'waiting_human' ? (
        <button type="button" className="button" disabled={busy} onClick={() => onAction({ kind: 'handback' })}>
          Hand back to bot
        </button>
      ) : null}
      {status !== 'resolved' ? (
        <button type="button" className="button" disabled={busy} onClick={() => onAction({ kind: 'resolve' })}>
          Resolve
        </button>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => onAction({ kind: 'reopen' })}>
          Reopen
        </button>
      )}
    </div>
  );
}
