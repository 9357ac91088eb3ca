import type { WorkspaceSettingsDto } from '@neodesk/contracts';
import { useId, useState } from 'react';
import { CopyButton } from '../../../shared/components/CopyButton';
import { formErrorOf } from '../../../shared/forms/field-errors';
import { FormError } from '../../../shared/forms/FormError';
import { useRotateWidgetKey } from '../hooks/useWidgetSettings';

/** The script tag to paste on the site, and a new widget key when the old one must stop working. */
export function InstallCard({ workspace }: { workspace: WorkspaceSettingsDto }) {
  const id = useId();
  const rotate = useRotateWidgetKey();
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Install</h2>
      <p className="field__help">
        Paste this tag on every page that shows the chat, just before <code>&lt;/body&gt;</code>. The page’s website
        must be in the allowed websites.
      </p>
      <div className="snippet">
        <pre className="code-block" aria-label="Script tag">
          <code>{workspace.widgetSnippet}</code>
        </pre>
        <CopyButton text={workspace.widgetSnippet} label="Copy script tag" />
      </div>
      <p className="field__help">
        Widget key: <code>{workspace.widgetKey}</code>
      </p>
      {rotate.isSuccess ? (
        <p className="banner banner--success" role="status">
          New widget key in place: replace the script tag on every site now.
        </p>
      ) : null}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            Replace the widget key? The current script tag stops working at once: new visitors on sites that still have
            it get no chat until you paste the new tag. Chats already open carry on.
          </p>
          <div className="confirm__bar">
            <button
              type="button"
              className="button button--danger"
              disabled={rotate.isPending}
              onClick={() => rotate.mutate(undefined, { onSettled: () => setConfirming(false) })}
            >
              {rotate.isPending ? 'Replacing…' : 'Replace the key'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div>
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            Rotate widget key…
          </button>
        </div>
      )}
      <FormError message={formErrorOf(rotate.error, [])} />
    </section>
  );
}
