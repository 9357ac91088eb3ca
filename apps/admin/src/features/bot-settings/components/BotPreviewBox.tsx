import {
  BOT_PREVIEW_LIMITS,
  type BotPreviewMessage,
  type BotPreviewStats,
  type MessageSourceDto,
} from '@neodesk/contracts';
import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../../../shared/api/api-error';
import { fieldErrorsOf } from '../../../shared/forms/field-errors';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import type { PreviewSettings } from '../bot-settings-api';
import { useBotPreview } from '../hooks/useBotPreview';

type Turn = BotPreviewMessage & {
  stats?: BotPreviewStats | null;
  model?: string | null;
  handoff?: boolean;
  /** Knowledge-base articles the answer drew on. */
  sources?: MessageSourceDto[];
};

/**
 * "Try it": the admin writes as a customer and the bot answers with the form's settings as they are now,
 * saved or not. The dialogue lives in this box only; nothing is stored.
 */
export function BotPreviewBox({
  botName,
  settings,
  blockedReason,
}: {
  botName: string;
  settings: PreviewSettings;
  blockedReason: string | null;
}) {
  const id = useId();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [text, setText] = useState('');
  const preview = useBotPreview();
  const full = turns.length + 1 > BOT_PREVIEW_LIMITS.maxMessages;
  const trimmed = text.trim();
  const tooLong = trimmed.length > BOT_PREVIEW_LIMITS.maxMessageLength;
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed === '' || tooLong || full || blockedReason !== null || preview.isPending) {
      return;
    }
    const messages: BotPreviewMessage[] = [
      ...turns.filter((turn) => !turn.handoff).map(({ author, text: said }) => ({ author, text: said })),
      { author: 'customer', text: trimmed },
    ];
    preview.mutate(
      { settings, messages },
      {
        onSuccess: (answer) => {
          setText('');
          setTurns((before) => [
            ...before,
            { author: 'customer', text: trimmed },
            answer.outcome === 'handoff'
              ? { author: 'bot', text: '', handoff: true }
              : {
                  author: 'bot',
                  text: answer.text,
                  stats: answer.stats,
                  model: answer.modelId,
                  sources: answer.sources ?? [],
                },
          ]);
        },
      },
    );
  };
  const fieldErrors = fieldErrorsOf(preview.error);
  const settingsErrors = Object.keys(fieldErrors).filter((field) => field !== 'messages');
  const problem =
    preview.error === null
      ? null
      : settingsErrors.length > 0
        ? `The API refused these settings (${settingsErrors.join(', ')}): fix them in the form.`
        : fieldErrors.messages !== undefined
          ? `The dialogue was refused: ${fieldErrors.messages}`
          : preview.error instanceof ApiError
            ? preview.error.message
            : 'The preview failed. Try again.';
  return (
    <section className="card try-it" aria-labelledby={`${id}-title`}>
      <div className="try-it__head">
        <h2 id={`${id}-title`}>Try it</h2>
        {turns.length > 0 ? (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => {
              setTurns([]);
              preview.reset();
            }}
          >
            Start over
          </button>
        ) : null}
      </div>
      <p className="field__help">
        Write as a customer would: {botName || 'the bot'} answers with the settings in this form, saved or not. Nothing
        is stored, and no conversation is touched.
      </p>
      <ol className="try-it__log" aria-label="Tried dialogue" aria-live="polite">
        {turns.map((turn, index) => (
          <li key={index} className={`try-it__turn try-it__turn--${turn.handoff ? 'handoff' : turn.author}`}>
            <span className="try-it__author">{turn.author === 'customer' ? 'Customer (you)' : botName || 'Bot'}</span>
            {turn.handoff ? (
              <span className="try-it__text">
                A handoff phrase matched: the bot stays silent and the conversation goes to your team.
              </span>
            ) : (
              <span className="try-it__text">{turn.text}</span>
            )}
            {turn.sources?.map((source) => (
              <span key={source.articleId} className="try-it__source">
                Source: {source.title}
              </span>
            ))}
            {turn.stats ? <StatsLine stats={turn.stats} model={turn.model ?? null} /> : null}
          </li>
        ))}
        {preview.isPending ? (
          <li className="try-it__turn try-it__turn--pending">
            <span className="try-it__author">{botName || 'Bot'}</span>
            <span className="try-it__text">Writing…</span>
          </li>
        ) : null}
      </ol>
      {problem !== null ? (
        <p className="banner banner--error" role="alert">
          {problem}
        </p>
      ) : null}
      <form className="try-it__form" onSubmit={send}>
        <label className="field__label" htmlFor={`${id}-message`}>
          Customer message
        </label>
        <textarea
          id={`${id}-message`}
          className="input"
          rows={2}
          value={text}
          aria-invalid={tooLong}
          aria-describedby={`${id}-message-help`}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <FieldMessage
          id={`${id}-message-help`}
          help={
            blockedReason ??
            (full
              ? `The dialogue has its ${BOT_PREVIEW_LIMITS.maxMessages} turns: start over to try more.`
              : 'Enter sends; Shift+Enter starts a new line.')
          }
          error={tooLong ? `At most ${BOT_PREVIEW_LIMITS.maxMessageLength} characters.` : undefined}
        />
        <div>
          <button
            type="submit"
            className="button button--primary"
            disabled={trimmed === '' || tooLong || full || blockedReason !== null || preview.isPending}
          >
            {preview.isPending ? 'Generating…' : 'Send'}
          </button>
        </div>
      </form>
    </section>
  );
}

function StatsLine({ stats, model }: { stats: BotPreviewStats; model: string | null }) {
  const parts = [
    `first token ${Math.round(stats.timeToFirstTokenMs)} ms`,
    `${stats.completionTokens} tokens`,
    stats.tokensPerSecond === null ? null : `${stats.tokensPerSecond} tokens/s`,
    stats.finishReason === 'length' ? 'cut at the longest reply' : null,
    model,
  ].filter((part): part is string => part !== null);
  return <span className="try-it__stats">{parts.join(' · ')}</span>;
}
