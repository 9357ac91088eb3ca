import type { CreatedApiKeyDto } from '@neodesk/contracts';
import { useState } from 'react';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../hooks/useApiKeys';
import { ApiKeyForm } from './ApiKeyForm';
import { ApiKeyList } from './ApiKeyList';
import { CreatedApiKey } from './CreatedApiKey';

/** Admins create keys (shown once), see how each is used, and revoke them. */
export function ApiKeysManager() {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [created, setCreated] = useState<CreatedApiKeyDto | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <div className="access-stack">
      <section aria-labelledby="new-key-title" className="card">
        <h2 id="new-key-title">New API key</h2>
        {created !== null ? <CreatedApiKey created={created} onDone={() => setCreated(null)} /> : null}
        <ApiKeyForm
          key={formKey}
          busy={create.isPending}
          error={create.error}
          onSubmit={(value) =>
            create.mutate(value, {
              onSuccess: (key) => {
                setCreated(key);
                setFormKey((current) => current + 1);
                create.reset();
              },
            })
          }
        />
      </section>
      <section aria-labelledby="key-list-title" className="card">
        <h2 id="key-list-title">Keys</h2>
        {revoke.isError ? (
          <p className="banner banner--error" role="alert">
            “{revoke.variables.name}” could not be revoked: {revoke.error.message}
          </p>
        ) : null}
        <p className={revoke.isSuccess ? 'banner banner--success' : 'visually-hidden'} role="status">
          {revoke.isSuccess ? `“${revoke.variables.name}” is revoked: calls with it answer 401.` : ''}
        </p>
        {keys.isPending ? (
          <p role="status">Loading…</p>
        ) : keys.isError ? (
          <p role="alert">The keys could not be loaded: {keys.error.message}</p>
        ) : (
          <ApiKeyList keys={keys.data} revoking={revoke.isPending} onRevoke={(key) => revoke.mutate(key)} />
        )}
      </section>
    </div>
  );
}
