import {
  MAX_USER_DISPLAY_NAME,
  MAX_USER_EMAIL_LENGTH,
  USER_EMAIL_PATTERN,
  USER_ROLES,
  type UserRole,
} from '@neodesk/contracts';
import { type FormEvent, useId, useState } from 'react';
import { fieldErrorsWithCodes, formErrorWithCodes } from '../../../shared/forms/domain-field-errors';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { FormError } from '../../../shared/forms/FormError';

export interface InviteValue {
  email: string;
  displayName: string;
  role: UserRole;
}

const CODE_FIELDS = {
  USER_EMAIL_TAKEN: 'email',
  USER_INVALID_EMAIL: 'email',
  USER_INVALID_NAME: 'displayName',
} as const;
const FIELDS = ['email', 'displayName', 'role'] as const;

// The usual choice first.
const ROLE_ORDER = [...USER_ROLES].sort((a, b) => (a === 'agent' ? -1 : b === 'agent' ? 1 : 0));

const ROLE_HELP: Readonly<Record<UserRole, string>> = {
  agent: 'Answers conversations in the inbox.',
  admin: 'Also sees reports and changes every setting, users included.',
};

/** E-mail, name and role of a new user; the password is generated on submit and shown once afterwards. */
export function InviteUserForm({
  busy,
  error,
  onSubmit,
}: {
  busy: boolean;
  error: unknown;
  onSubmit: (value: InviteValue) => void;
}) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<UserRole>('agent');
  const [checked, setChecked] = useState(false);

  const trimmedEmail = email.trim();
  const local: Record<string, string | undefined> = {
    email:
      trimmedEmail === ''
        ? 'Enter the e-mail address they will sign in with.'
        : trimmedEmail.length > MAX_USER_EMAIL_LENGTH || !USER_EMAIL_PATTERN.test(trimmedEmail)
          ? 'Enter an e-mail address, like grace@example.com.'
          : undefined,
    displayName:
      displayName.trim() === ''
        ? 'Enter the name customers and colleagues see.'
        : displayName.trim().length > MAX_USER_DISPLAY_NAME
          ? `At most ${MAX_USER_DISPLAY_NAME} characters.`
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
    onSubmit({ email: trimmedEmail, displayName: displayName.trim(), role });
  };

  return (
    <form className="access-form" onSubmit={submit} noValidate>
      <div className="access-form__row">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-email`}>
            E-mail
          </label>
          <input
            id={`${id}-email`}
            className="input"
            type="email"
            autoComplete="off"
            spellCheck={false}
            value={email}
            aria-invalid={shown('email') !== undefined}
            aria-describedby={`${id}-email-msg`}
            onChange={(event) => setEmail(event.target.value)}
          />
          <FieldMessage id={`${id}-email-msg`} help="Their login." error={shown('email')} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-name`}>
            Display name
          </label>
          <input
            id={`${id}-name`}
            className="input"
            autoComplete="off"
            value={displayName}
            aria-invalid={shown('displayName') !== undefined}
            aria-describedby={`${id}-name-msg`}
            onChange={(event) => setDisplayName(event.target.value)}
          />
          <FieldMessage
            id={`${id}-name-msg`}
            help="Shown to customers on their replies."
            error={shown('displayName')}
          />
        </div>
      </div>
      <fieldset className="access-form__group">
        <legend className="field__label">Role</legend>
        <ul className="access-choices">
          {ROLE_ORDER.map((option) => (
            <li key={option} className="access-choices__item">
              <input
                id={`${id}-role-${option}`}
                type="radio"
                name={`${id}-role`}
                value={option}
                checked={role === option}
                aria-describedby={`${id}-role-${option}-help`}
                onChange={() => setRole(option)}
              />
              <span>
                <label htmlFor={`${id}-role-${option}`} className="access-choices__label">
                  {option === 'admin' ? 'Admin' : 'Agent'}
                </label>
                <span id={`${id}-role-${option}-help`} className="field__help">
                  {ROLE_HELP[option]}
                </span>
              </span>
            </li>
          ))}
        </ul>
        {api.role !== undefined ? <span className="field__error">{api.role}</span> : null}
      </fieldset>
      <p className="field__help">
        A password is generated in this browser when you add the user and shown once, for you to hand over.
      </p>
      <FormError message={formErrorWithCodes(error, CODE_FIELDS, FIELDS)} />
      <div className="access-form__bar">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add user'}
        </button>
      </div>
    </form>
  );
}
