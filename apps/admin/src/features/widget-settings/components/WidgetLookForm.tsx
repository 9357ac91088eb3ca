import {
  PRE_CHAT_FIELD_MODES,
  type PreChatFieldMode,
  WIDGET_COLOR_PATTERN,
  WIDGET_LOCALES,
  WIDGET_POSITIONS,
  WIDGET_SETTINGS_LIMITS,
  type WidgetSettingsDto,
} from '@neodesk/contracts';
import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { UnsavedChangesDialog } from '../../../shared/components/UnsavedChangesDialog';
import { fieldErrorsOf, formErrorOf } from '../../../shared/forms/field-errors';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { FormError } from '../../../shared/forms/FormError';
import { useUnsavedChangesWarning } from '../../../shared/hooks/useUnsavedChangesWarning';
import { useUpdateWidgetSettings } from '../hooks/useWidgetSettings';
import { type WidgetDraft, brandContrast, widgetChangesOf, widgetDraftErrors, widgetDraftOf } from '../widget-draft';
import { WidgetPreview } from './WidgetPreview';

const FORM_FIELDS = ['title', 'color', 'position', 'launcherLabel', 'locale', 'preChatForm'];
const LOCALE_NAMES: Record<(typeof WIDGET_LOCALES)[number] | 'auto', string> = {
  auto: 'Automatic (the visitor’s page, then browser)',
  en: 'English',
  fr: 'French (français)',
  ar: 'Arabic (العربية, right to left)',
};
const MODE_NAMES: Record<PreChatFieldMode, string> = { off: 'Not asked', optional: 'Optional', required: 'Required' };

/** Look, language and pre-chat form, saved together, with the live preview beside them. */
export function WidgetLookForm({
  saved,
  botName,
  greeting,
  children,
}: {
  saved: WidgetSettingsDto;
  botName: string;
  greeting: string;
  children?: ReactNode;
}) {
  const id = useId();
  const [draft, setDraft] = useState<WidgetDraft>(() => widgetDraftOf(saved));
  const [savedNote, setSavedNote] = useState(false);
  const update = useUpdateWidgetSettings();
  const changes = useMemo(() => widgetChangesOf(draft, saved), [draft, saved]);
  const dirty = Object.keys(changes).length > 0;
  const blocker = useUnsavedChangesWarning(dirty);
  const ownErrors = widgetDraftErrors(draft);
  const apiErrors = fieldErrorsOf(update.error);
  // The API's answer is about what was sent; any edit clears it (below), then the form's own check speaks.
  const errorOf = (field: string): string | undefined => apiErrors[field] ?? ownErrors[field];
  useEffect(() => {
    if (dirty) {
      setSavedNote(false);
    }
  }, [dirty]);

  const set = <K extends keyof WidgetDraft>(name: K, value: WidgetDraft[K]) => {
    if (update.isError) {
      update.reset();
    }
    setDraft((before) => ({ ...before, [name]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!dirty || update.isPending) {
      return;
    }
    update.mutate(changes, {
      onSuccess: (next) => {
        setDraft(widgetDraftOf(next));
        setSavedNote(true);
      },
    });
  };
  const describe = (name: string) => ({
    'aria-invalid': errorOf(name) !== undefined,
    'aria-describedby': `${id}-${name}-message`,
  });
  const validColor = WIDGET_COLOR_PATTERN.test(draft.color);
  const contrast = validColor ? brandContrast(draft.color) : null;

  return (
    <div className="widget-settings">
      <div className="widget-settings__form">
        <form className="widget-settings__form" onSubmit={submit} noValidate aria-label="Widget look and language">
          <section className="card" aria-labelledby={`${id}-look`}>
            <h2 id={`${id}-look`}>Look</h2>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-title`}>
                Title
              </label>
              <input
                id={`${id}-title`}
                className="input"
                value={draft.title}
                maxLength={WIDGET_SETTINGS_LIMITS.title.max}
                onChange={(event) => set('title', event.target.value)}
                {...describe('title')}
              />
              <FieldMessage
                id={`${id}-title-message`}
                help={`The chat panel’s heading. ${draft.title.trim().length} / ${WIDGET_SETTINGS_LIMITS.title.max} characters.`}
                error={errorOf('title')}
              />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-color`}>
                Accent colour
              </label>
              <div className="color-field">
                <input
                  type="color"
                  className="color-field__swatch"
                  value={validColor ? draft.color.toLowerCase() : '#000000'}
                  aria-label="Pick the accent colour"
                  onChange={(event) => set('color', event.target.value)}
                />
                <input
                  id={`${id}-color`}
                  className="input color-field__hex"
                  value={draft.color}
                  maxLength={7}
                  spellCheck={false}
                  onChange={(event) => set('color', event.target.value.trim())}
                  {...describe('color')}
                />
              </div>
              <FieldMessage
                id={`${id}-color-message`}
                help={
                  contrast === null
                    ? 'The header, launcher and buttons use it.'
                    : contrast.withWhite >= 4.5
                      ? `White text on it: contrast ${contrast.withWhite.toFixed(1)}:1, meets WCAG AA (4.5:1).`
                      : `White text on it: contrast ${contrast.withWhite.toFixed(1)}:1, below WCAG AA (4.5:1); the widget writes dark text on it instead (${contrast.withText.toFixed(1)}:1).`
                }
                error={errorOf('color')}
              />
            </div>
            <fieldset className="choice-group">
              <legend className="field__label">Position on the page</legend>
              {WIDGET_POSITIONS.map((position) => (
                <label key={position} className="choice">
                  <input
                    type="radio"
                    name={`${id}-position`}
                    value={position}
                    checked={draft.position === position}
                    onChange={() => set('position', position)}
                  />
                  {position === 'left' ? 'Bottom left' : 'Bottom right'}
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-launcherLabel`}>
                Launcher label
              </label>
              <input
                id={`${id}-launcherLabel`}
                className="input"
                value={draft.launcherLabel}
                maxLength={WIDGET_SETTINGS_LIMITS.launcherLabel.max}
                onChange={(event) => set('launcherLabel', event.target.value)}
                {...describe('launcherLabel')}
              />
              <FieldMessage
                id={`${id}-launcherLabel-message`}
                help={`The round button’s tooltip and name for screen readers. ${draft.launcherLabel.trim().length} / ${WIDGET_SETTINGS_LIMITS.launcherLabel.max} characters.`}
                error={errorOf('launcherLabel')}
              />
            </div>
          </section>
          <section className="card" aria-labelledby={`${id}-language`}>
            <h2 id={`${id}-language`}>Language</h2>
            <div className="field">
              <label className="field__label" htmlFor={`${id}-locale`}>
                Widget language
              </label>
              <select
                id={`${id}-locale`}
                className="input"
                value={draft.locale}
                onChange={(event) => set('locale', event.target.value as WidgetDraft['locale'])}
                {...describe('locale')}
              >
                {(['auto', ...WIDGET_LOCALES] as const).map((locale) => (
                  <option key={locale} value={locale}>
                    {LOCALE_NAMES[locale]}
                  </option>
                ))}
              </select>
              <FieldMessage
                id={`${id}-locale-message`}
                help="The widget’s own words (buttons, labels); your title and the bot’s greeting stay as you write them."
                error={errorOf('locale')}
              />
            </div>
          </section>
          <section className="card" aria-labelledby={`${id}-prechat`}>
            <h2 id={`${id}-prechat`}>Pre-chat form</h2>
            <p className="field__help">Asked before the visitor’s first message. Required fields must be filled in.</p>
            <div className="prechat-grid">
              {(['name', 'email'] as const).map((field) => (
                <div key={field} className="field">
                  <label className="field__label" htmlFor={`${id}-prechat-${field}`}>
                    {field === 'name' ? 'Name' : 'E-mail'}
                  </label>
                  <select
                    id={`${id}-prechat-${field}`}
                    className="input"
                    value={draft.preChatForm[field]}
                    onChange={(event) =>
                      set('preChatForm', { ...draft.preChatForm, [field]: event.target.value as PreChatFieldMode })
                    }
                  >
                    {PRE_CHAT_FIELD_MODES.map((mode) => (
                      <option key={mode} value={mode}>
                        {MODE_NAMES[mode]}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
            {apiErrors.preChatForm !== undefined ? (
              <p className="field__error" role="alert">
                {apiErrors.preChatForm}
              </p>
            ) : null}
          </section>
          <div className="save-bar">
            <FormError message={formErrorOf(update.error, FORM_FIELDS)} />
            <div className="save-bar__row">
              <button
                type="submit"
                className="button button--primary"
                disabled={!dirty || Object.keys(ownErrors).length > 0 || update.isPending}
              >
                {update.isPending ? 'Saving…' : 'Save changes'}
              </button>
              <button
                type="button"
                className="button"
                disabled={!dirty || update.isPending}
                onClick={() => {
                  setDraft(widgetDraftOf(saved));
                  update.reset();
                }}
              >
                Discard changes
              </button>
              <span className="save-bar__note">Saves the look, language and pre-chat form.</span>
              <span className="save-bar__status" role="status">
                {savedNote && !dirty ? 'Saved' : dirty ? 'Unsaved changes' : ''}
              </span>
            </div>
          </div>
        </form>
        {children}
      </div>
      <aside className="widget-settings__aside">
        <WidgetPreview draft={draft} botName={botName} greeting={greeting} />
      </aside>
      <UnsavedChangesDialog blocker={blocker} />
    </div>
  );
}
