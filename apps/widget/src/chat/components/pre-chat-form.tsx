import { Component } from 'preact';
import type { PreChatFieldMode, VisitorIdentity } from '@neodesk/contracts';
import type { ChatStrings } from '../../i18n/chat-strings';

interface Props {
  strings: ChatStrings;
  fields: { name: PreChatFieldMode; email: PreChatFieldMode };
  onSubmit: (identity: VisitorIdentity) => void;
}

/** Asks for a name and/or e-mail before the first message, as the workspace configured. */
export class PreChatForm extends Component<Props, { name: string; email: string }> {
  override state = { name: '', email: '' };

  override render({ strings, fields, onSubmit }: Props) {
    const field = (key: 'name' | 'email', autocomplete: string, type: 'text' | 'email', first: boolean) => {
      const mode = fields[key];
      if (mode === 'off') {
        return null;
      }
      const id = `nd-prechat-${key}`;
      const common = {
        id,
        class: 'nd-field',
        autoComplete: autocomplete,
        required: mode === 'required',
        maxLength: key === 'name' ? 120 : 254,
        dir: 'auto' as const,
        'data-autofocus': first ? '' : undefined,
        value: this.state[key],
        onInput: (event: { currentTarget: HTMLInputElement }) => this.setState({ [key]: event.currentTarget.value }),
      };
      return (
        <>
          <label class="nd-label" for={id}>
            {strings[key]}
            {mode === 'optional' ? <span class="nd-hint"> ({strings.optional})</span> : null}
          </label>
          {type === 'email' ? <input type="email" {...common} /> : <input type="text" {...common} />}
        </>
      );
    };
    return (
      <form
        class="nd-form nd-prechat"
        onSubmit={(event) => {
          event.preventDefault();
          const name = this.state.name.trim();
          const email = this.state.email.trim();
          onSubmit({ ...(name === '' ? {} : { name }), ...(email === '' ? {} : { email }) });
        }}
      >
        <p class="nd-intro">{strings.preChatIntro}</p>
        {field('name', 'name', 'text', true)}
        {field('email', 'email', 'email', fields.name === 'off')}
        <button type="submit" class="nd-button">
          {strings.startChat}
        </button>
      </form>
    );
  }
}
