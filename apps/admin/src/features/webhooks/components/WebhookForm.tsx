import {
  MAX_WEBHOOK_DESCRIPTION,
  MAX_WEBHOOK_URL_LENGTH,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '@neodesk/contracts';
import { type FormEvent, useId, useState } from 'react';
import { fieldErrorsWithCodes, formErrorWithCodes } from '../../../shared/forms/domain-field-errors';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { FormError } from '../../../shared/forms/FormError';
import { EVENT_DESCRIPTIONS } from '../webhook-events';

export interface WebhookFormValue {
  url: string;
  events: WebhookEventType[];
  description: string;
  enabled: boolean;
}

const CODE_FIELDS = { WEBHOOK_URL_NOT_ALLOWED: 'url', WEBHOOK_URL_UNRESOLVABLE: 'url' } as const;
const FIELDS = ['url', 'events', 'description', 'enabled'] as const;

function urlProblem(raw: string): string | undefined {
  const value = raw.trim();
  if (value === '') {
    return 'Enter the address that receives the events.';
  }
  if (value.length > MAX_WEBHOOK_URL_LENGTH) {
    return `At most ${MAX_WEBHOOK_URL_LENGTH} characters.`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full address, e.g. https://crm.example.com/hooks/neodesk.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'Only http:// and https:// addresses can receive webhooks.';
  }
  return undefined;
}

/** URL, events, description and on/off of an endpoint (new or edited); typed values stay on an API error. */
export function WebhookForm({
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  initial: WebhookFormValue;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (value: WebhookFormValue) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [url, setUrl] = useState(initial.url);
  const [events, setEvents] = useState<WebhookEventType[]>(initial.events);
  const [description, setDescription] = useState(initial.description);
  const [enabled, setEnabled] = useState(initial.enabled);
  const [checked, setChecked] = useState(false);

  const local: Record<string, string | undefined> = {
    url: urlProblem(url),
    events: events.length === 0 ? 'Choose at least one event.' : undefined,
    description:
      description.trim().length > MAX_WEBHOOK_DESCRIPTION
        ? `At most ${MAX_WEBHOOK_DESCRIPTION} characters.`
        : undefined,
  };
  const api = fieldErrorsWithCodes(error, CODE_FIELDS);
  const shown = (field: string): string | undefined => (checked ? local[field] : undefined) ?? api[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.values(local).some((problem) => problem !== undefined)) {
      return;
    }
    onSubmit({
      url: url.trim(),
      events: WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type)),
      description: description.trim(),
      enabled,
    });
  };

  return (
    <form className="access-form" onSubmit={submit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-url`}>
          Receiver URL
        </label>
        <input
          id={`${id}-url`}
          className="input"
          type="url"
          inputMode="url"
          value={url}
          autoComplete="off"
          spellCheck={false}
          placeholder="https://crm.example.com/hooks/neodesk"
          aria-invalid={shown('url') !== undefined}
          aria-describedby={`${id}-url-msg`}
          onChange={(event) => setUrl(event.target.value)}
        />
        <FieldMessage
          id={`${id}-url-msg`}
          help="Neodesk POSTs each event here as JSON. Unless the service allows private networks, the host must be public: private and loopback addresses are refused."
          error={shown('url')}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-description`}>
          Description (optional)
        </label>
        <input
          id={`${id}-description`}
          className="input"
          value={description}
          aria-invalid={shown('description') !== undefined}
          aria-describedby={`${id}-description-msg`}
          onChange={(event) => setDescription(event.target.value)}
        />
        <FieldMessage
          id={`${id}-description-msg`}
          help="What receives it, for whoever reads this list next."
          error={shown('description')}
        />
      </div>
      <fieldset className="access-form__group" aria-describedby={`${id}-events-msg`}>
        <legend className="field__label">Events</legend>
        <ul className="access-choices access-choices--columns">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <li key={type} className="access-choices__item">
              <input
                id={`${id}-event-${type}`}
                type="checkbox"
                checked={events.includes(type)}
                aria-describedby={`${id}-event-${type}-help`}
                onChange={(event) =>
                  setEvents((current) =>
                    event.target.checked ? [...current, type] : current.filter((entry) => entry !== type),
                  )
                }
              />
              <span>
                <label htmlFor={`${id}-event-${type}`} className="access-choices__label">
                  <code>{type}</code>
                </label>
                <span id={`${id}-event-${type}-help`} className="field__help">
                  {EVENT_DESCRIPTIONS[type]}
                </span>
              </span>
            </li>
          ))}
        </ul>
        <FieldMessage id={`${id}-events-msg`} error={shown('events')} />
      </fieldset>
      <div className="access-choices__item">
        <input
          id={`${id}-enabled`}
          type="checkbox"
          checked={enabled}
          aria-describedby={`${id}-enabled-help`}
          onChange={(event) => setEnabled(event.target.checked)}
        />
        <span>
          <label htmlFor={`${id}-enabled`} className="access-choices__label">
            Enabled
          </label>
          <span id={`${id}-enabled-help`} className="field__help">
            A disabled endpoint gets no new events; deliveries already waiting are sent once it is enabled again.
          </span>
        </span>
      </div>
      <FormError message={formErrorWithCodes(error, CODE_FIELDS, FIELDS)} />
      <div className="access-form__bar">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel !== undefined ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
