import { useId, useState } from 'react';
import { SecretOnce } from '../../../shared/components/SecretOnce';
import { formErrorOf } from '../../../shared/forms/field-errors';
import { FormError } from '../../../shared/forms/FormError';
import { useIdentitySecret } from '../hooks/useWidgetSettings';

const SIGNING_EXAMPLE = `// On your server (Node.js), for the signed-in customer:
const hash = crypto
  .createHmac('sha256', IDENTITY_SECRET)
  .update(customer.email)
  .digest('hex');

// In the page, after the widget's script tag:
Neodesk.identify({ name: customer.name, email: customer.email, hash });`;

/** Identity verification: the secret a site's server signs visitors' e-mails with (shown once), rotate, remove. */
export function IdentitySecretCard({ enabled }: { enabled: boolean }) {
  const id = useId();
  const { create, remove } = useIdentitySecret();
  const [confirm, setConfirm] = useState<'rotate' | 'remove' | null>(null);
  const secret = create.data?.identitySecret;
  const error = create.error ?? remove.error;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card__head">
        <h2 id={`${id}-title`}>Identity verification</h2>
        <span className={`badge ${enabled ? 'badge--verified' : ''}`}>{enabled ? 'On' : 'Off'}</span>
      </div>
      <p className="field__help">
        Proves who a signed-in visitor is: your server signs the visitor’s e-mail with the identity secret (hex
        HMAC-SHA256) and the page passes it to <code>Neodesk.identify()</code>. Agents then see the identity as
        verified; without a valid signature it shows as unverified. Keep the secret on your server only.
      </p>
      <pre className="code-block" aria-label="Signing example">
        <code>{SIGNING_EXAMPLE}</code>
      </pre>
      {secret !== undefined ? (
        <SecretOnce
          title="Identity secret"
          secret={secret}
          note="Put it in your server’s configuration."
          onDone={() => create.reset()}
        />
      ) : null}
      {confirm !== null ? (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            {confirm === 'rotate'
              ? 'Create a new secret? Signatures made with the current one stop verifying at once: update your server right away.'
              : 'Remove the secret? Identity verification turns off and every identity shows as unverified.'}
          </p>
          <div className="confirm__bar">
            <button
              type="button"
              className={`button ${confirm === 'remove' ? 'button--danger' : 'button--primary'}`}
              disabled={create.isPending || remove.isPending}
              onClick={() => {
                const action = confirm === 'rotate' ? create : remove;
                action.mutate(undefined, { onSettled: () => setConfirm(null) });
              }}
            >
              {confirm === 'rotate' ? 'Create a new secret' : 'Remove the secret'}
            </button>
            <button type="button" className="button" onClick={() => setConfirm(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="confirm__bar">
          {enabled ? (
            <>
              <button type="button" className="button" onClick={() => setConfirm('rotate')}>
                Rotate secret…
              </button>
              <button type="button" className="button button--danger" onClick={() => setConfirm('remove')}>
                Remove secret…
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button--primary"
              disabled={create.isPending}
              onClick={() => create.mutate()}
            >
              {create.isPending ? 'Creating…' : 'Create identity secret'}
            </button>
          )}
        </div>
      )}
      <FormError message={formErrorOf(error, [])} />
    </section>
  );
}
