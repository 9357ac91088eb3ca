import { Component } from 'preact';
import type { ChatStrings } from '../../i18n/chat-strings';
import { Icon } from './icon';

interface Props {
  strings: ChatStrings;
  onSend: (text: string) => void;
  onTyping: () => void;
}

/** The message box: Enter sends, Shift+Enter starts a new line; it grows with the text. */
export class Composer extends Component<Props, { text: string }> {
  override state = { text: '' };

  #submit(): void {
    if (this.state.text.trim() !== '') {
      this.props.onSend(this.state.text);
      this.setState({ text: '' });
    }
  }

  override render({ strings, onTyping }: Props) {
    return (
      <form
        class="nd-composer"
        onSubmit={(event) => {
          event.preventDefault();
          this.#submit();
        }}
      >
        <label class="nd-sr-only" for="nd-message">
          {strings.messageLabel}
        </label>
        <textarea
          id="nd-message"
          class="nd-input"
          rows={1}
          dir="auto"
          placeholder={strings.placeholder}
          data-autofocus=""
          value={this.state.text}
          onInput={(event) => {
            this.setState({ text: event.currentTarget.value });
            onTyping();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              this.#submit();
            }
          }}
        />
        <button type="submit" class="nd-send" aria-label={strings.send} title={strings.send}>
          <Icon name="send" />
        </button>
      </form>
    );
  }
}
