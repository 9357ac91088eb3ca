import { WEBHOOK_HEADERS } from '@neodesk/contracts';
import { SecretOnce } from '../../../shared/components/SecretOnce';

const EXAMPLE = `const expected = 'v1=' + crypto
  .createHmac('sha256', secret)
  .update(\`\${timestamp}.\${rawBody}\`, 'utf8')
  .digest('hex');
const valid = expected.length === signature.length &&
  crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));`;

/** A signing secret shown this once (new endpoint or rotation), with how receivers check signatures. */
export function WebhookSecret({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  return (
    <div className="access-secret">
      <SecretOnce
        title={title}
        secret={secret}
        note="Store it with the receiver; Neodesk cannot show it again (rotate it to get a new one)."
        onDone={onDone}
      />
      <div className="access-usage">
        <p className="access-usage__title">Check every request with it</p>
        <ol className="access-usage__steps">
          <li>
            Read the <code>{WEBHOOK_HEADERS.timestamp}</code> header (Unix seconds) and the{' '}
            <code>{WEBHOOK_HEADERS.signature}</code> header (<code>v1=</code> and 64 hex digits).
          </li>
          <li>
            Compute the HMAC-SHA256 of <code>&lt;timestamp&gt;.&lt;raw body&gt;</code>, keyed with the whole secret
            above (<code>whsec_</code> included), as hex, and compare it with the header in constant time.
          </li>
          <li>
            Refuse old timestamps (say, over 5 minutes), and drop repeats of the same <code>{WEBHOOK_HEADERS.id}</code>:
            retries and redeliveries keep the delivery&apos;s id.
          </li>
        </ol>
        <pre className="access-usage__code" tabIndex={0} aria-label="Node.js example">
          <code>{EXAMPLE}</code>
        </pre>
      </div>
    </div>
  );
}
