import { MAX_ALLOWED_ORIGINS, MAX_ALLOWED_ORIGIN_LENGTH, parseAllowedOrigin } from '@neodesk/contracts';
import { type FormEvent, useId, useState } from 'react';
import { fieldErrorsOf, formErrorOf } from '../../../shared/forms/field-errors';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { FormError } from '../../../shared/forms/FormError';
import { useUpdateAllowedOrigins } from '../hooks/useWidgetSettings';

/**
 * The websites allowed to embed the widget. Each entry is checked and canonicalised as the API does
 * (lower case, default port and trailing slash dropped) and the list is saved at once on add or remove.
 */
export function AllowedOriginsEditor({ origins }: { origins: string[] }) {
  const id = useId();
  const [next, setNext] = useState('');
  const [touched, setTouched] = useState(false);
  const update = useUpdateAllowedOrigins();
  const parsed = next.trim() === '' ? null : parseAllowedOrigin(next);
  const duplicate = parsed?.ok === true && origins.includes(parsed.origin);
  const full = origins.length >= MAX_ALLOWED_ORIGINS;
  const ownError =
    parsed === null
      ? undefined
      : !parsed.ok
        ? `“${next.trim()}” ${parsed.reason}.`
        : duplicate
          ? `${parsed.origin} is already allowed.`
          : undefined;
  const apiError = fieldErrorsOf(update.error).allowedOrigins;
  const shownError = (touched ? ownError : undefined) ?? apiError;
  const add = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (parsed === null || !parsed.ok || duplicate || full || update.isPending) {
      return;
    }
    update.mutate([...origins, parsed.origin], {
      onSuccess: () => {
        setNext('');
        setTouched(false);
      },
    });
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Allowed websites</h2>
      <p className="field__help">
        The widget runs only on pages of these origins (scheme://host[:port]); https://*.example.com allows every
        subdomain of example.com. With none, the widget runs nowhere. {origins.length} of {MAX_ALLOWED_ORIGINS}.
      </p>
      {origins.length === 0 ? (
        <p className="muted">No website yet.</p>
      ) : (
        <ul className="origin-list" aria-label="Allowed websites">
          {origins.map((origin) => (
            <li key={origin} className="origin-list__item">
              <code>{origin}</code>
              <button
                type="button"
                className="button button--small button--quiet"
                aria-label={`Remove ${origin}`}
                disabled={update.isPending}
                onClick={() => update.mutate(origins.filter((existing) => existing !== origin))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="origin-add" onSubmit={add} noValidate>
        <div className="field origin-add__field">
          <label className="field__label" htmlFor={`${id}-origin`}>
            Add a website
          </label>
          <input
            id={`${id}-origin`}
            className="input"
            value={next}
            placeholder="https://shop.example.com"
            maxLength={MAX_ALLOWED_ORIGIN_LENGTH + 10}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={shownError !== undefined}
            aria-describedby={`${id}-origin-message`}
            onChange={(event) => {
              setNext(event.target.value);
              update.reset();
            }}
            onBlur={() => setTouched(next.trim() !== '')}
          />
          <FieldMessage
            id={`${id}-origin-message`}
            help={parsed?.ok === true && !duplicate ? `Saved as ${parsed.origin}` : undefined}
            error={shownError}
          />
        </div>
        <button type="submit" className="button" disabled={full || update.isPending}>
          {update.isPending ? 'Saving…' : 'Add website'}
        </button>
      </form>
      <FormError message={apiError === undefined ? formErrorOf(update.error, ['allowedOrigins']) : null} />
    </section>
  );
}
