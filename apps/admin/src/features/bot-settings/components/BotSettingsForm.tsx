import {
  BOT_SETTINGS_LIMITS,
  type BotSettingsDto,
  DEFAULT_GENERATION_PARAMETERS,
  GENERATION_PARAMETER_LIMITS,
} from '@neodesk/contracts';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { UnsavedChangesDialog } from '../../../shared/components/UnsavedChangesDialog';
import { fieldErrorsOf, formErrorOf } from '../../../shared/forms/field-errors';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { FormError } from '../../../shared/forms/FormError';
import { useUnsavedChangesWarning } from '../../../shared/hooks/useUnsavedChangesWarning';
import {
  type BotDraft,
  PARAMETER_NAMES,
  type ParameterName,
  type TextName,
  changesOf,
  draftErrors,
  draftOf,
  previewSettingsOf,
} from '../bot-draft';
import { useUpdateBotSettings } from '../hooks/useBotSettings';
import { BotPreviewBox } from './BotPreviewBox';
import { GenerationParameterField } from './GenerationParameterField';
import { HandoffPhrasesEditor } from './HandoffPhrasesEditor';

const FORM_FIELDS = ['botName', 'persona', 'greeting', 'fallbackMessage', 'handoffPhrases', ...PARAMETER_NAMES];
const PROMPT_FIELDS: readonly string[] = ['persona', ...PARAMETER_NAMES];

/** The bot's name, texts, handoff phrases and generation parameters, saved together; a try-it box beside. */
export function BotSettingsForm({ saved }: { saved: BotSettingsDto }) {
  const id = useId();
  const [draft, setDraft] = useState<BotDraft>(() => draftOf(saved));
  const [savedNote, setSavedNote] = useState(false);
  const update = useUpdateBotSettings();
  const changes = useMemo(() => changesOf(draft, saved), [draft, saved]);
  const dirty = Object.keys(changes).length > 0;
  const blocker = useUnsavedChangesWarning(dirty);
  const ownErrors = draftErrors(draft);
  const apiErrors = fieldErrorsOf(update.error);
  // The API's answer is about what was sent; any edit clears it (below), then the form's own check speaks.
  const errorOf = (field: string): string | undefined => apiErrors[field] ?? ownErrors[field];
  const hasOwnErrors = Object.keys(ownErrors).length > 0;

  useEffect(() => {
    if (dirty) {
      setSavedNote(false);
    }
  }, [dirty]);

  const edit = (change: (before: BotDraft) => BotDraft) => {
    if (update.isError) {
      update.reset();
    }
    setDraft(change);
  };
  const setText = (name: TextName) => (value: string) => edit((before) => ({ ...before, [name]: value }));
  const setParameter = (name: ParameterName) => (value: string) =>
    edit((before) => ({ ...before, params: { ...before.params, [name]: value } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The submit button is disabled while the form's own check fails; this sends what is typed.
    if (!dirty || update.isPending) {
      return;
    }
    update.mutate(changes, {
      onSuccess: (next) => {
        setDraft(draftOf(next));
        setSavedNote(true);
      },
    });
  };

  const textField = (name: TextName, label: string, help: string, multiline: boolean) => {
    const { max } = BOT_SETTINGS_LIMITS[name];
    const error = errorOf(name);
    const count = draft[name].trim().length;
    const props = {
      id: `${id}-${name}`,
      className: 'input',
      value: draft[name],
      maxLength: max,
      'aria-invalid': error !== undefined,
      'aria-describedby': `${id}-${name}-message`,
    };
    return (
      <div className="field">
        <label className="field__label" htmlFor={`${id}-${name}`}>
          {label}
        </label>
        {multiline ? (
          <textarea
            {...props}
            rows={name === 'persona' ? 6 : 3}
            onChange={(event) => setText(name)(event.target.value)}
          />
        ) : (
          <input {...props} onChange={(event) => setText(name)(event.target.value)} />
        )}
        <FieldMessage id={`${id}-${name}-message`} help={`${help} ${count} / ${max} characters.`} error={error} />
      </div>
    );
  };

  const promptBlocked = PROMPT_FIELDS.some((field) => ownErrors[field] !== undefined)
    ? 'Fix the persona or the generation parameters marked in the form to try them.'
    : null;
  const defaultsShown = PARAMETER_NAMES.every(
    (name) => draft.params[name].trim() === String(DEFAULT_GENERATION_PARAMETERS[name]),
  );

  return (
    <div className="bot-settings">
      <form className="bot-settings__form" onSubmit={submit} noValidate aria-label="Bot settings">
        <section className="card" aria-labelledby={`${id}-voice`}>
          <h2 id={`${id}-voice`}>How the bot speaks</h2>
          {textField('botName', 'Bot name', 'The name the bot’s messages carry in the widget.', false)}
          {textField(
            'persona',
            'Persona',
            'Leads every prompt: who the bot is, its tone and what it must not do. Empty for none.',
            true,
          )}
          {textField('greeting', 'Greeting', 'The first message a visitor reads when the chat opens.', true)}
          {textField(
            'fallbackMessage',
            'Fallback message',
            'Shown when no worker can answer; the conversation then waits for a person.',
            true,
          )}
        </section>
        <section className="card" aria-labelledby={`${id}-handoff`}>
          <h2 id={`${id}-handoff`}>Handing over to a person</h2>
          <HandoffPhrasesEditor
            phrases={draft.handoffPhrases}
            error={errorOf('handoffPhrases')}
            onChange={(handoffPhrases) => edit((before) => ({ ...before, handoffPhrases }))}
          />
        </section>
        <section className="card" aria-labelledby={`${id}-generation`}>
          <div className="card__head">
            <h2 id={`${id}-generation`}>Generation parameters</h2>
            <button
              type="button"
              className="button button--small"
              disabled={defaultsShown}
              onClick={() => edit((before) => draftOf(DEFAULT_GENERATION_PARAMETERS, before))}
            >
              Reset to defaults
            </button>
          </div>
          <p className="field__help">
            How the model picks each next token. The defaults (temperature {DEFAULT_GENERATION_PARAMETERS.temperature},
            top-k {DEFAULT_GENERATION_PARAMETERS.topK}, top-p {DEFAULT_GENERATION_PARAMETERS.topP}) give the same, most
            likely reply every time. Allowed ranges: see each field (longest reply up to{' '}
            {GENERATION_PARAMETER_LIMITS.maxNewTokens.max} tokens).
          </p>
          <div className="parameters">
            {PARAMETER_NAMES.map((name) => (
              <GenerationParameterField
                key={name}
                name={name}
                value={draft.params[name]}
                error={errorOf(name)}
                onChange={setParameter(name)}
              />
            ))}
          </div>
        </section>
        <div className="save-bar">
          <FormError message={formErrorOf(update.error, FORM_FIELDS)} />
          <div className="save-bar__row">
            <button
              type="submit"
              className="button button--primary"
              disabled={!dirty || hasOwnErrors || update.isPending}
            >
              {update.isPending ? 'Saving…' : 'Save changes'}
            </button>
            <button
              type="button"
              className="button"
              disabled={!dirty || update.isPending}
              onClick={() => {
                setDraft(draftOf(saved));
                update.reset();
              }}
            >
              Discard changes
            </button>
            <span className="save-bar__status" role="status">
              {savedNote && !dirty ? 'Saved' : dirty ? 'Unsaved changes' : ''}
            </span>
          </div>
        </div>
      </form>
      <aside className="bot-settings__aside">
        <BotPreviewBox
          botName={draft.botName.trim()}
          settings={previewSettingsOf(draft)}
          blockedReason={promptBlocked}
        />
      </aside>
      <UnsavedChangesDialog blocker={blocker} />
    </div>
  );
}
