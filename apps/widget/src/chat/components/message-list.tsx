import { Component, createRef } from 'preact';
import type { MessageDto, MessageFeedback } from '@neodesk/contracts';
import type { ChatStrings } from '../../i18n/chat-strings';
import type { ChatSnapshot } from '../state/chat-client';
import { AuthorLine } from './author-line';
import { LinkedText } from './linked-text';
import { MessageBubble } from './message-bubble';
import { PendingMessage } from './pending-message';
import { SatisfactionForm } from './satisfaction-form';
import { StatusNotice } from './status-notice';
import { StreamingReply } from './streaming-reply';
import { TypingIndicator } from './typing-indicator';

interface Props {
  chat: ChatSnapshot;
  greeting: string;
  botName: string;
  locale: string;
  strings: ChatStrings;
  onRate: (message: MessageDto, rating: MessageFeedback) => void;
  onRetry: (clientMessageId: string) => void;
  onSatisfaction: (score: number, comment: string) => void;
}

/** The conversation, oldest first: greeting, stored messages, the outbox, replies being written, notices. */
export class MessageList extends Component<Props> {
  readonly #scroller = createRef<HTMLDivElement>();
  #pinned = true;

  override componentDidMount(): void {
    this.#scrollToEnd();
  }

  override componentDidUpdate(): void {
    if (this.#pinned) {
      this.#scrollToEnd();
    }
  }

  #scrollToEnd(): void {
    const element = this.#scroller.current;
    if (element !== null) {
      element.scrollTop = element.scrollHeight;
    }
  }

  override render({ chat, greeting, botName, locale, strings, onRate, onRetry, onSatisfaction }: Props) {
    return (
      <div
        class="nd-scroll"
        ref={this.#scroller}
        tabIndex={0}
        aria-label={strings.messagesLabel}
        role="region"
        onScroll={(event) => {
          const element = event.currentTarget;
          this.#pinned = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
        }}
      >
        <ol class="nd-messages">
          {greeting === '' ? null : (
            <li class="nd-msg nd-msg--bot">
              <AuthorLine name={botName} ai strings={strings} />
              <div class="nd-bubble" dir="auto">
                <LinkedText text={greeting} />
              </div>
            </li>
          )}
          {chat.messages.map((message) => (
            <MessageBubble
              key={message.id}
              message={message}
              botName={botName}
              locale={locale}
              strings={strings}
              rating={chat.ratings[message.id]}
              onRate={onRate}
            />
          ))}
          {chat.streaming.map((reply) => (
            <StreamingReply key={reply.replyId} reply={reply} botName={botName} strings={strings} />
          ))}
          {chat.outbox.map((item) => (
            <PendingMessage
              key={item.clientMessageId}
              item={item}
              online={chat.connection === 'online'}
              strings={strings}
              onRetry={onRetry}
            />
          ))}
          {chat.status === 'waiting_human' ? <StatusNotice text={strings.handoffWaiting} /> : null}
          {chat.status === 'resolved' ? <StatusNotice text={strings.resolved} /> : null}
          {chat.agentTyping ? <TypingIndicator label={strings.agentTyping} /> : null}
          {chat.satisfaction === 'none' ? null : (
            <SatisfactionForm strings={strings} state={chat.satisfaction} onAnswer={onSatisfaction} />
          )}
        </ol>
      </div>
    );
  }
}
