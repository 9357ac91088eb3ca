import type { ChatStrings } from '../../i18n/chat-strings';
import type { ConnectionState } from '../state/chat-client';
import { Icon } from './icon';

interface Props {
  title: string;
  connection: ConnectionState;
  strings: ChatStrings;
  onClose: () => void;
}

/** The panel's title, the connection state in words (not colour alone), and the close button. */
export function PanelHeader({ title, connection, strings, onClose }: Props) {
  const state = connection === 'idle' ? 'connecting' : connection;
  return (
    <header class="nd-header">
      <div class="nd-header-text">
        <h2 class="nd-title" dir="auto">
          {title}
        </h2>
        <p class="nd-connection" role="status">
          <span class={`nd-dot nd-dot--${state}`} aria-hidden="true" />
          {strings.connection[state]}
        </p>
      </div>
      <button
        type="button"
        class="nd-icon-button nd-header-close"
        aria-label={strings.close}
        title={strings.close}
        onClick={onClose}
      >
        <Icon name="close" />
      </button>
    </header>
  );
}
