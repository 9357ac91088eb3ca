import type { ChatStrings } from '../../i18n/chat-strings';
import type { StreamingReply as Reply } from '../state/chat-client';
import { AuthorLine } from './author-line';

interface Props {
  reply: Reply;
  botName: string;
  strings: ChatStrings;
}

/**
 * A bot reply as it is written: "writing…" until the first token, then the text with a caret. The list is
 * not a live region, so screen readers hear the reply once, finished, from the live region instead.
 */
export function StreamingReply({ reply, botName, strings }: Props) {
  return (
    <li class="nd-msg nd-msg--bot" aria-busy="true">
      <AuthorLine name={botName} ai strings={strings} />
      <div class="nd-bubble" dir="auto">
        {reply.text === '' ? (
          <span class="nd-writing">{strings.writing}</span>
        ) : (
          <>
            {reply.text}
            {reply.writing ? <span class="nd-caret" aria-hidden="true" /> : null}
          </>
        )}
      </div>
    </li>
  );
}
