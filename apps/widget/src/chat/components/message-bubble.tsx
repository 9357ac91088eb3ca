import type { MessageDto, MessageFeedback } from '@neodesk/contracts';
import type { ChatStrings } from '../../i18n/chat-strings';
import { AuthorLine } from './author-line';
import { FeedbackButtons } from './feedback-buttons';
import { LinkedText } from './linked-text';
import { MessageTime } from './message-time';

/** MessageDto gains the agent's display name; older services send none. */
type ShownMessage = MessageDto & { authorName?: string | null };

interface Props {
  message: ShownMessage;
  botName: string;
  locale: string;
  strings: ChatStrings;
  rating: MessageFeedback | undefined;
  onRate: (message: MessageDto, rating: MessageFeedback) => void;
}

/** One stored message, marked by who wrote it: the visitor, the bot (AI), an agent (by name) or the system. */
export function MessageBubble({ message, botName, locale, strings, rating, onRate }: Props) {
  if (message.author === 'system') {
    return (
      <li class="nd-notice">
        <span class="nd-sr-only">{strings.notice}: </span>
        <span dir="auto">
          <LinkedText text={message.text} />
        </span>
      </li>
    );
  }
  const name =
    message.author === 'customer'
      ? strings.you
      : message.author === 'bot'
        ? botName
        : (message.authorName ?? strings.agent);
  return (
    <li class={`nd-msg nd-msg--${message.author}`}>
      <AuthorLine name={name} ai={message.author === 'bot'} strings={strings}>
        <MessageTime iso={message.createdAt} locale={locale} />
      </AuthorLine>
      <div class="nd-bubble" dir="auto">
        <LinkedText text={message.text} />
      </div>
      {message.author === 'bot' && (message.sources?.length ?? 0) > 0 ? (
        <ul class="nd-sources">
          {message.sources.map((source) => (
            // Text only: a title is the workspace's text, never markup.
            <li key={source.articleId} class="nd-source" dir="auto">
              {strings.source(source.title)}
            </li>
          ))}
        </ul>
      ) : null}
      {message.author === 'bot' ? (
        <FeedbackButtons rating={rating} strings={strings} onRate={(value) => onRate(message, value)} />
      ) : null}
    </li>
  );
}
