import type { ComponentChildren } from 'preact';
import type { ChatStrings } from '../../i18n/chat-strings';

interface Props {
  name: string;
  /** The bot's messages carry an "AI" badge so nobody mistakes them for a person. */
  ai?: boolean;
  strings: ChatStrings;
  children?: ComponentChildren;
}

/** Who wrote a message, and when. */
export function AuthorLine({ name, ai, strings, children }: Props) {
  return (
    <div class="nd-meta">
      <span class="nd-author" dir="auto">
        {name}
      </span>
      {ai === true ? (
        <abbr class="nd-ai-badge" title={strings.aiLabel}>
          {strings.ai}
        </abbr>
      ) : null}
      {children}
    </div>
  );
}
