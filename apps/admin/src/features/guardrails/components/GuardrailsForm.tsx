import { DEFAULT_GUARDRAIL_SETTINGS, GUARDRAIL_LIMITS, type GuardrailSettingsDto } from '@neodesk/contracts';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { UnsavedChangesDialog } from '../../../shared/components/UnsavedChangesDialog';
import { fieldErrorsOf, formErrorOf } from '../../../shared/forms/field-errors';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { FormError } from '../../../shared/forms/FormError';
import { useUnsavedChangesWarning } from '../../../shared/hooks/useUnsavedChangesWarning';
import {
  FORM_FIELDS,
  type GuardrailDraft,
  type ListName,
  type NumberName,
  type SwitchName,
  type TextName,
  changesOf,
  draftErrors,
  draftOf,
} from '../guardrails-draft';
import { useUpdateGuardrailSettings } from '../hooks/useGuardrailSettings';
import { ChipListEditor } from './ChipListEditor';
import { SwitchField } from './SwitchField';

/** Every guardrail setting in four sections, saved together. */
export function GuardrailsForm({ saved }: { saved: GuardrailSettingsDto }) {
  const id = useId();
  const [draft, setDraft] = useState<GuardrailDraft>(() => draftOf(saved));
  const [savedNote, setSavedNote] = useState(false);
  const update = useUpdateGuardrailSettings();
  const changes = useMemo(() => changesOf(draft, saved), [draft, saved]);
  const dirty = Object.keys(changes).length > 0;
  const blocker = useUnsavedChangesWarning(dirty);
  const ownErrors = draftErrors(draft);
  const apiErrors = fieldErrorsOf(update.error);
  // The API's answer is about what was sent; any edit clears it, then the form's own check speaks.
  const errorOf = (field: string): string | undefined => apiErrors[field] ?? ownErrors[field];
  const hasOwnErrors = Object.keys(ownErrors).length > 0;

  useEffect(() => {
    if (dirty) {
      setSavedNote(false);
    }
  }, [dirty]);

  const edit = (change: Partial<GuardrailDraft>) => {
    if (update.isError) {
      update.reset();
    }
    setDraft((before) => ({ ...before, ...change }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
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

  const switchField = (name: SwitchName, label: string, help: string) => (
    <SwitchField
      label={label}
      help={help}
      checked={draft[name]}
      error={errorOf(name)}
      onChange={(checked) => edit({ [name]: checked })}
    />
  );

  const list = (name: ListName, label: string, about: string, empty: string, placeholder: string) => (
    <ChipListEditor
      name={name}
      label={label}
      about={about}
      empty={empty}
      placeholder={placeholder}
      entries={draft[name]}
      error={errorOf(name)}
      onChange={(entries) => edit({ [name]: entries })}
    />
  );

  const textField = (name: TextName, label: string, help: string) => {
    const { max } = GUARDRAIL_LIMITS[name];
    const error = errorOf(name);
    return (
      <div className="field">
        <label className="field__label" htmlFor={`${id}-${name}`}>
          {label}
        </label>
        <textarea
          id={`${id}-${name}`}
          className="input"
          rows={3}
          value={draft[name]}
          maxLength={max}
          aria-invalid={error !== undefined}
          aria-describedby={`${id}-${name}-message`}
          onChange={(event) => edit({ [name]: event.target.value })}
        />
        <FieldMessage
          id={`${id}-${name}-message`}
          help={`${help} ${draft[name].trim().length} / ${max} characters.`}
          error={error}
        />
      </div>
    );
  };

  const numberField = (name: NumberName, label: string, help: string, step: string) => {
    const { min, max } = GUARDRAIL_LIMITS[name];
    const error = errorOf(name);
    return (
      <div className="field guardrail-number">
        <label className="field__label" htmlFor={`${id}-${name}`}>
          {label} <span className="parameter__range">{`${min} to ${max}`}</span>
        </label>
        <input
          id={`${id}-${name}`}
          className="input parameter__number"
          type="number"
          inputMode="decimal"
          min={min}
          max={max}
          step={step}
          value={draft[name]}
          aria-invalid={error !== undefined}
          aria-describedby={`${id}-${name}-message`}
          onChange={(event) => edit({ [name]: event.target.value })}
        />
        <FieldMessage id={`${id}-${name}-message`} help={help} error={error} />
      </div>
    );
  };

  return (
    <div className="guardrails">
      <form className="guardrails__form" onSubmit={submit} noValidate aria-label="Guardrail settings">
        <section className="card" aria-labelledby={`${id}-replies`}>
          <h2 id={`${id}-replies`}>Reply checks</h2>
          <p className="field__help">
            Every bot reply is checked while it streams; the visitor never sees the few words held back for the check. A
            reply that fails is stopped, replaced by the safe fallback below and handed to a person, and your team sees
            why in the transcript.
          </p>
          {switchField(
            'useDefaultBlockedTerms',
            'Block abusive words and slurs',
            'Neodesk’s built-in list of profanity, insults and slurs (English), on top of your own blocked terms.',
          )}
          {list(
            'blockedTerms',
            'Blocked terms',
            'Words or phrases the bot must never write (whole words, any case; end a word with * for its forms).',
            'None of your own: only the built-in list applies, if it is on.',
            'e.g. competitor name',
          )}
          {list(
            'forbiddenPromises',
            'Forbidden promises',
            'Things the bot may not say in your team’s name, such as a refund being issued or legal advice.',
            'None: the bot may promise anything.',
            'e.g. refund has been issued',
          )}
          {list(
            'allowedLinkDomains',
            'Allowed link domains',
            'Links and web addresses in replies may point only to these domains and their subdomains.',
            'None: replies may contain no link or web address at all.',
            'e.g. help.example.com',
          )}
          {numberField(
            'maxReplyCharacters',
            'Longest reply, in characters',
            `A reply that runs longer is stopped. Default ${DEFAULT_GUARDRAIL_SETTINGS.maxReplyCharacters}.`,
            '1',
          )}
          {switchField(
            'stopRepetition',
            'Stop looping replies',
            'A reply that repeats the same words again and again, or the same sentence twice, is stopped.',
          )}
          {textField(
            'safeFallbackMessage',
            'Safe fallback message',
            'What the visitor reads instead of a reply that failed a check; the conversation then waits for a person.',
          )}
        </section>

        <section className="card" aria-labelledby={`${id}-confidence`}>
          <h2 id={`${id}-confidence`}>Confidence handoff</h2>
          <p className="field__help">
            The model scores every word it writes. A reply it was unsure of stays, and the conversation goes to a
            person. 0 turns a threshold off.
          </p>
          <div className="guardrail-numbers">
            {numberField(
              'minMeanTokenProbability',
              'Least mean word probability',
              'A reply whose average word probability is below this hands over.',
              '0.01',
            )}
            {numberField(
              'minTokenProbability',
              'Least single word probability',
              'A reply with any word less likely than this hands over.',
              '0.005',
            )}
          </div>
          {switchField(
            'handoffOnRepeatedQuestion',
            'Hand over when a customer asks the same question again',
            'Asking again usually means the bot’s answer did not help.',
          )}
          {switchField(
            'handoffOnNegativeRatings',
            'Hand over after two thumbs-down in a row',
            'Two bot replies in a row rated unhelpful by the customer.',
          )}
        </section>

        <section className="card" aria-labelledby={`${id}-input`}>
          <h2 id={`${id}-input`}>Customer input</h2>
          {switchField(
            'flagAbusiveInput',
            'Answer abusive messages calmly and flag them',
            'An abusive customer message gets the reply below instead of a bot reply, and your team is told. ' +
              'The bot then only answers clean messages, so a bot reply that tells the customer off (warns about ' +
              'their language, ends the chat) is stopped like a failed reply check.',
          )}
          {textField('abusiveInputReply', 'Reply to abusive messages', 'Sent to the customer instead of a bot reply.')}
        </section>

        <section className="card" aria-labelledby={`${id}-pii`}>
          <h2 id={`${id}-pii`}>Personal data</h2>
          <p className="field__help">
            Card numbers, IBANs, e-mail addresses, phone numbers and typed passwords. Service logs are always masked.
          </p>
          {switchField(
            'redactPiiInExports',
            'Mask personal data in the training-data export',
            'The conversation export for model training carries masks instead of the data.',
          )}
          {switchField(
            'redactPiiInWebhooks',
            'Mask personal data in webhook payloads',
            'Messages sent to your webhooks carry masks instead of the data.',
          )}
          {switchField(
            'storeOriginalPii',
            'Keep the original text of messages',
            'Off: stored messages keep only the masked text, so agents see masks too.',
          )}
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
      <UnsavedChangesDialog blocker={blocker} />
    </div>
  );
}
