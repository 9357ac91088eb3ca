import { CopyButton } from './CopyButton';

/**
 * A secret the API shows only once (an API key, a webhook secret, a generated password): selectable,
 * copyable, with a plain warning, until the admin dismisses it.
 */
export function SecretOnce({
  title,
  secret,
  note,
  onDone,
}: {
  title: string;
  secret: string;
  note?: string;
  onDone: () => void;
}) {
  return (
    <section className="secret-once" role="status" aria-label={title}>
      <p className="secret-once__title">{title}</p>
      <p className="secret-once__warning">Copy it now: it is shown only this once. {note ?? ''}</p>
      <div className="secret-once__value">
        <code>{secret}</code>
        <CopyButton text={secret} />
      </div>
      <button type="button" className="button button--small button--quiet" onClick={onDone}>
        I have copied it
      </button>
    </section>
  );
}
