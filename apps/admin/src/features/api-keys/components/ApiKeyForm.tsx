import { API_KEY_SCOPES, type ApiKeyScope, type CreateApiKeyRequest, MAX_API_KEY_NAME } from '@neodesk/contracts';
import { type FormEvent, useId, useState } from 'react';
import { fieldErrorsWithCodes, formErrorWithCodes } from '../../../shared/forms/domain-field-errors';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { FormError } from '../../../shared/forms/FormError';
import { SCOPE_DESCRIPTIONS, impliedScopes, ordered } from '../scopes';

const CODE_FIELDS = { API_KEY_INVALID_EXPIRY: 'expiresAt' } as const;
const FIELDS = ['name', 'scopes', 'expiresAt'] as const;

/** Today in the browser's time zone, as a date input writes it. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** Name, scopes and optional expiry of a new key. The form keeps what was typed when the API refuses it. */
export function ApiKeyForm({
  busy,
  error,
  onSubmit,
}: {
  busy: boolean;
  error: unknown;
  onSubmit: (value: CreateApiKeyRequest) => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ApiKeyScope[]>(['read']);
  const [expiry, setExpiry] = useState('');
  const [checked, setChecked] = useState(false);
  const implied = impliedScopes(chosen);
  const minDate = today();

  const local: Record<string, string> = {};
  if (name.trim() === '') {
    local.name = 'Give the key a name, e.g. the system that uses it.';
  } else if (name.trim().length > MAX_API_KEY_NAME) {
    local.name = `At most ${MAX_API_KEY_NAME} characters.`;
  }
  if (chosen.length === 0) {
    local.scopes = 'Choose at least one scope.';
  }
  if (expiry !== '' && expiry < minDate) {
    local.expiresAt = 'The expiry must be today or later.';
  }
  const api = fieldErrorsWithCodes(error, CODE_FIELDS);
  const shown = (field: string): string | undefined => (checked ? local[field] : undefined) ?? api[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.keys(local).length > 0) {
      return;
    }
    onSubmit({
      name: name.trim(),
      scopes: ordered(chosen),
      // The end of the chosen day, in the admin's time zone.
      ...(expiry === '' ? {} : { expiresAt: new Date(`${expiry}T23:59:59.999`).toISOString() }),
    });
  };

  const toggle = (scope: ApiKeyScope, on: boolean) =>
    setChosen((current) => (on ? ordered([...current, scope]) : current.filter((entry) => entry !== scope)));

  return (
    <form className="access-form" onSubmit={submit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-name`}>
          Name
        </label>
        <input
          id={`${id}-name`}
          className="input"
          value={name}
          maxLength={MAX_API_KEY_NAME + 20}
          autoComplete="off"
          aria-invalid={shown('name') !== undefined}
          aria-describedby={`${id}-name-msg`}
          onChange={(event) => setName(event.target.value)}
        />
        <FieldMessage id={`${id}-name-msg`} help="Where the key is used, e.g. “CRM sync”." error={shown('name')} />
      </div>
      <fieldset className="access-form__group" aria-describedby={`${id}-scopes-msg`}>
        <legend className="field__label">Scopes</legend>
        <ul className="access-choices">
          {API_KEY_SCOPES.map((scope) => {
            const isImplied = implied.has(scope);
            return (
              <li key={scope} className="access-choices__item">
                <input
                  id={`${id}-scope-${scope}`}
                  type="checkbox"
                  checked={isImplied || chosen.includes(scope)}
                  disabled={isImplied}
                  aria-describedby={`${id}-scope-${scope}-help`}
                  onChange={(event) => toggle(scope, event.target.checked)}
                />
                <span>
                  <label htmlFor={`${id}-scope-${scope}`} className="access-choices__label">
                    {scope}
                  </label>
                  <span id={`${id}-scope-${scope}-help`} className="field__help">
                    {isImplied ? '(Included by a wider scope.) ' : ''}
                    {SCOPE_DESCRIPTIONS[scope]}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
        <FieldMessage id={`${id}-scopes-msg`} error={shown('scopes')} />
      </fieldset>
      <div className="field access-form__narrow">
        <label className="field__label" htmlFor={`${id}-expiry`}>
          Expires (optional)
        </label>
        <input
          id={`${id}-expiry`}
          className="input"
          type="date"
          min={minDate}
          value={expiry}
          aria-invalid={shown('expiresAt') !== undefined}
          aria-describedby={`${id}-expiry-msg`}
          onChange={(event) => setExpiry(event.target.value)}
        />
        <FieldMessage
          id={`${id}-expiry-msg`}
          help="The key stops working at the end of this day. Leave empty for a key that does not expire."
          error={shown('expiresAt')}
        />
      </div>
      <FormError message={formErrorWithCodes(error, CODE_FIELDS, FIELDS)} />
      <div className="access-form__bar">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}
