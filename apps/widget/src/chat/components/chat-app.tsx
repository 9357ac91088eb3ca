import { Component } from 'preact';
import type { MessageDto, WidgetLocale } from '@neodesk/contracts';
import type { ChatStrings } from '../../i18n/chat-strings';
import { chatStrings } from '../../i18n/chat-strings-files';
import type { WidgetHost } from '../../shared/widget-host';
import type { ChatClient } from '../state/chat-client';
import { ChatPanel } from './chat-panel';
import { LiveRegion } from './live-region';

interface Props {
  host: WidgetHost;
  client: ChatClient;
}

interface State {
  open: boolean;
  announcement: string;
}

/** Binds the loader's state (open, locale) and the chat client to the panel, and moves focus on open. */
export class ChatApp extends Component<Props, State> {
  override state: State = { open: this.props.host.isOpen(), announcement: '' };
  readonly #unsubscribe: Array<() => void> = [];
  /** The locale drawn: the page's, or while its strings load, the one drawn before (none at first). */
  #shown: { locale: WidgetLocale; strings: ChatStrings } | undefined;
  /** Focus moves into the panel once it is drawn open. */
  #focusPending = this.state.open;

  override componentDidMount(): void {
    const { host, client } = this.props;
    this.#unsubscribe.push(
      client.subscribe(() => this.forceUpdate()),
      host.onChange(() => this.setState({ open: host.isOpen() })),
      client.onNewMessage((message) => this.#announce(message)),
    );
    this.#focusInput();
  }

  override componentWillUnmount(): void {
    this.#unsubscribe.forEach((stop) => stop());
  }

  override componentDidUpdate(_: Props, previous: State): void {
    if (this.state.open && !previous.open) {
      this.#focusPending = true;
    }
    this.#focusInput();
  }

  #focusInput(): void {
    if (this.#focusPending && this.state.open && this.#shown !== undefined) {
      this.#focusPending = false;
      // After the panel is shown; the pre-chat form's first field or the message box.
      requestAnimationFrame(() =>
        this.props.host.root.querySelector<HTMLElement>('.nd-panel [data-autofocus]')?.focus(),
      );
    }
  }

  #announce(message: MessageDto & { authorName?: string | null }): void {
    const strings = this.#shown?.strings;
    if (message.author === 'customer' || strings === undefined) {
      return;
    }
    const { host } = this.props;
    const author =
      message.author === 'bot'
        ? host.config.botName
        : message.author === 'agent'
          ? (message.authorName ?? strings.agent)
          : strings.notice;
    this.setState({ announcement: strings.announce(author, message.text) });
  }

  override render({ host, client }: Props, { open, announcement }: State) {
    const locale = host.locale();
    const strings = chatStrings(host, locale, () => this.forceUpdate());
    if (strings !== undefined) {
      this.#shown = { locale, strings };
    }
    const shown = this.#shown;
    return (
      <>
        {shown === undefined ? null : (
          <ChatPanel
            open={open}
            config={host.config}
            locale={shown.locale}
            strings={shown.strings}
            chat={client.snapshot()}
            client={client}
            onClose={() => host.close()}
          />
        )}
        <LiveRegion text={announcement} />
      </>
    );
  }
}
