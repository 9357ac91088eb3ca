import type { CreatedApiKeyDto } from '@neodesk/contracts';
import { CopyButton } from '../../../shared/components/CopyButton';
import { SecretOnce } from '../../../shared/components/SecretOnce';

/** The new key, shown this once, and how to call the REST API with it. */
export function CreatedApiKey({ created, onDone }: { created: CreatedApiKeyDto; onDone: () => void }) {
  const example = `curl -H "Authorization: Bearer ${created.key}" ${window.location.origin}/api/v1/conversations`;
  return (
    <div className="access-secret">
      <SecretOnce
        title={`API key “${created.name}” created`}
        secret={created.key}
        note="Neodesk keeps only a fingerprint of it; a lost key cannot be recovered, only revoked and replaced."
        onDone={onDone}
      />
      <div className="access-usage">
        <p className="access-usage__title" id="api-key-usage-title">
          Use it as a bearer token on every REST call
        </p>
        <pre className="access-usage__code" aria-labelledby="api-key-usage-title" tabIndex={0}>
          <code>{example}</code>
        </pre>
        <CopyButton text={example} label="Copy the example" />
      </div>
    </div>
  );
}
