import { Component } from 'preact';
import type { MessageDto } from '@neodesk/contracts';
import { CHAT_STRINGS } from '../../i18n/chat-strings';
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
  private readonly unsubscribe: Array<() => void> = [];

  override componentDidMount(): void {
    const { host, client } = this.props;
    this.unsubscribe.push(
      client.subscribe(() => this.forceUpdate()),
      host.onChange(() => this.setState({ open: host.isOpen() })),
      client.onNewMessage((message) => this.announce(message)),
    );
    if (this.state.open) {
      this.focusInput();
    }
  }

  override componentWillUnmount(): void {
    this.unsubscribe.forEach((stop) => stop());
  }

  override componentDidUpdate(_: Props, previous: State): void {
    if (this.state.open && !previous.open) {
      this.focusInput();
    }
  }

  private focusInput(): void {
    // After the panel is shown; the pre-chat form's first field or the message box.
    requestAnimationFrame(() => this.props.host.root.querySelector<HTMLElement>('.nd-panel [data-autofocus]')?.focus());
  }

  private announce(message: MessageDto & { authorName?: string | null }): void {
    if (message.author === 'customer') {
      return;
    }
    const { host } = this.props;
    const strings = CHAT_STRINGS[host.locale()];
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
    return (
      <>
        <ChatPanel
          open={open}
          config={host.config}
          locale={locale}
          strings={CHAT_STRINGS[locale]}
          chat={client.snapshot()}
          client={client}
          onClose={() => host.close()}
        />
        <LiveRegion text={announcement} />
      </>
    );
  }
}
