import type { WidgetConfigDto, WidgetLocale } from '@neodesk/contracts';
import type { ChatStrings } from '../../i18n/chat-strings';
import type { ChatClient, ChatSnapshot } from '../state/chat-client';
import { Composer } from './composer';
import { Icon } from './icon';
import { MessageList } from './message-list';
import { PanelHeader } from './panel-header';
import { PreChatForm } from './pre-chat-form';

interface Props {
  open: boolean;
  config: WidgetConfigDto;
  locale: WidgetLocale;
  strings: ChatStrings;
  chat: ChatSnapshot;
  client: ChatClient;
  onClose: () => void;
}

/** The chat window: a non-modal dialog named by the workspace's title; Escape closes it. */
export function ChatPanel({ open, config, locale, strings, chat, client, onClose }: Props) {
  return (
    <section
      id="neodesk-panel"
      class="nd-panel"
      role="dialog"
      aria-label={config.title}
      hidden={!open}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <PanelHeader title={config.title} connection={chat.connection} strings={strings} onClose={onClose} />
      <MessageList
        chat={chat}
        greeting={config.greeting}
        botName={config.botName}
        locale={locale}
        strings={strings}
        onRate={(message, rating) => void client.rate(message, rating)}
        onRetry={(id) => client.retry(id)}
        onSatisfaction={(score, comment) => void client.answerSatisfaction(score, comment)}
      />
      {chat.askPreChat ? (
        <PreChatForm
          strings={strings}
          fields={config.preChatForm}
          onSubmit={(identity) => (Object.keys(identity).length > 0 ? client.identify(identity) : client.skipPreChat())}
        />
      ) : (
        <div class="nd-footer">
          {chat.status === 'bot' ? (
            <button type="button" class="nd-chip" onClick={() => void client.requestHandoff()}>
              <Icon name="person" />
              {strings.talkToPerson}
            </button>
          ) : null}
          <Composer strings={strings} onSend={(text) => client.send(text)} onTyping={() => client.typing()} />
        </div>
      )}
    </section>
  );
}
