import type { ChatStrings } from '../../i18n/chat-strings';
import type { OutboxItem } from '../state/session-store';
import { LinkedText } from './linked-text';

interface Props {
  item: OutboxItem;
  online: boolean;
  strings: ChatStrings;
  onRetry: (clientMessageId: string) => void;
}

/** A message the server has not stored yet: sending, waiting for the connection, or refused with a Retry. */
export function PendingMessage({ item, online, strings, onRetry }: Props) {
  const failed = item.state === 'failed';
  return (
    <li class={`nd-msg nd-msg--customer nd-msg--pending${failed ? ' nd-msg--failed' : ''}`}>
      <div class="nd-meta">
        <span class="nd-author">{strings.you}</span>
        <span class="nd-state">{failed ? strings.failed : online ? strings.sending : strings.queued}</span>
      </div>
      <div class="nd-bubble" dir="auto">
        <LinkedText text={item.text} />
      </div>
      {failed ? (
        <button type="button" class="nd-link-button" onClick={() => onRetry(item.clientMessageId)}>
          {strings.retry}
        </button>
      ) : null}
    </li>
  );
}
