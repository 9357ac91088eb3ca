import type { MessageDto } from '@neodesk/contracts';
import { clockTime, dateTime } from '../../../shared/format';
import { GenerationFigures } from './GenerationFigures';

function authorLabel(message: MessageDto, customer: string): string {
  switch (message.author) {
    case 'customer':
      return customer;
    case 'bot':
      return 'Bot';
    case 'agent':
      return message.authorName ?? 'Agent';
    case 'system':
      return 'Notice';
  }
}

/**
 * One stored message: who wrote it (the bot marked AI with its model), the text as text, when, and under a bot
 * answer the knowledge-base articles it drew on (`sources`; absent from services older than them).
 */
export function MessageItem({
  message,
  customer,
  focused,
}: {
  message: MessageDto;
  customer: string;
  focused: boolean;
}) {
  if (message.author === 'system') {
    return (
      <li className="notice" data-seq={message.seq}>
        <span>{message.text}</span> <time dateTime={message.createdAt}>{clockTime(message.createdAt)}</time>
      </li>
    );
  }
  return (
    <li
      className={`message message--${message.author}${focused ? ' message--focused' : ''}`}
      data-seq={message.seq}
      tabIndex={focused ? -1 : undefined}
    >
      <div className="message__head">
        <span className="message__author">{authorLabel(message, customer)}</span>
        {message.author === 'bot' ? (
          <span className="badge badge--ai" title="Written by the model">
            AI{message.generation === null ? '' : ` · ${message.generation.modelVersion}`}
          </span>
        ) : null}
        <time className="message__time" dateTime={message.createdAt} title={dateTime(message.createdAt)}>
          {clockTime(message.createdAt)}
        </time>
      </div>
      <p className="message__text">{message.text}</p>
      {message.author === 'bot' && (message.sources?.length ?? 0) > 0 ? (
        <ul className="message__sources" aria-label="Sources">
          {message.sources.map((source) => (
            <li key={source.articleId}>Source: {source.title}</li>
          ))}
        </ul>
      ) : null}
      {message.author === 'bot' ? (
        <div className="message__foot">
          {message.generation === null ? null : <GenerationFigures generation={message.generation} />}
          {message.feedback === null ? null : (
            <span className={`badge badge--${message.feedback}`}>
              {message.feedback === 'positive' ? 'Rated helpful' : 'Rated not helpful'}
            </span>
          )}
        </div>
      ) : null}
    </li>
  );
}
