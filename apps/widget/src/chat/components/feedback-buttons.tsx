import type { MessageFeedback } from '@neodesk/contracts';
import type { ChatStrings } from '../../i18n/chat-strings';
import { Icon } from './icon';

interface Props {
  rating: MessageFeedback | undefined;
  strings: ChatStrings;
  onRate: (rating: MessageFeedback) => void;
}

/** Thumbs up and down under a bot reply; the pressed one shows the visitor's rating. */
export function FeedbackButtons({ rating, strings, onRate }: Props) {
  return (
    <div class="nd-feedback">
      <button
        type="button"
        class="nd-icon-button nd-icon-button--small"
        aria-label={strings.helpful}
        title={strings.helpful}
        aria-pressed={rating === 'positive'}
        onClick={() => onRate('positive')}
      >
        <Icon name="thumbUp" />
      </button>
      <button
        type="button"
        class="nd-icon-button nd-icon-button--small"
        aria-label={strings.notHelpful}
        title={strings.notHelpful}
        aria-pressed={rating === 'negative'}
        onClick={() => onRate('negative')}
      >
        <Icon name="thumbDown" />
      </button>
    </div>
  );
}
