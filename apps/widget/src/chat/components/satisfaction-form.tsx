import { Component } from 'preact';
import type { ChatStrings } from '../../i18n/chat-strings';

interface Props {
  strings: ChatStrings;
  state: 'asked' | 'sending' | 'sent';
  onAnswer: (score: number, comment: string) => void;
}

const SCORES = [1, 2, 3, 4, 5];

/** The question shown once a conversation is resolved: a score from 1 to 5 and an optional comment. */
export class SatisfactionForm extends Component<Props, { score: number; comment: string }> {
  override state = { score: 0, comment: '' };

  override render({ strings, state, onAnswer }: Props) {
    if (state === 'sent') {
      return (
        <li class="nd-card" role="status">
          {strings.satisfactionThanks}
        </li>
      );
    }
    const { score, comment } = this.state;
    return (
      <li class="nd-card">
        <form
          class="nd-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (score > 0) {
              onAnswer(score, comment);
            }
          }}
        >
          <fieldset class="nd-fieldset">
            <legend class="nd-legend">{strings.satisfactionQuestion}</legend>
            <div class="nd-scores">
              {SCORES.map((value) => (
                <label key={value} class="nd-score">
                  <input
                    class="nd-sr-only"
                    type="radio"
                    name="nd-score"
                    value={value}
                    aria-label={strings.score(value)}
                    checked={score === value}
                    onChange={() => this.setState({ score: value })}
                  />
                  <span aria-hidden="true">{value}</span>
                </label>
              ))}
            </div>
            <div class="nd-scale" aria-hidden="true">
              <span>{strings.scoreLow}</span>
              <span>{strings.scoreHigh}</span>
            </div>
          </fieldset>
          <label class="nd-label" for="nd-satisfaction-comment">
            {strings.comment}
          </label>
          <textarea
            id="nd-satisfaction-comment"
            class="nd-field"
            rows={2}
            maxLength={1000}
            dir="auto"
            value={comment}
            onInput={(event) => this.setState({ comment: event.currentTarget.value })}
          />
          <button type="submit" class="nd-button" disabled={score === 0 || state === 'sending'}>
            {strings.sendRating}
          </button>
        </form>
      </li>
    );
  }
}
