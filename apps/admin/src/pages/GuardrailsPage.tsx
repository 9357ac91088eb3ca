import { GuardrailsForm } from '../features/guardrails/components/GuardrailsForm';
import { useGuardrailSettings } from '../features/guardrails/hooks/useGuardrailSettings';

export function GuardrailsPage() {
  const settings = useGuardrailSettings();
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">Guardrails</h1>
      <p className="muted">
        What the bot may say, when it hands over to your team, how abusive messages are answered, and where personal
        data is masked.
      </p>
      {settings.isPending ? <p className="muted">Loading the guardrail settings…</p> : null}
      {settings.isError ? (
        <p className="banner banner--error" role="alert">
          The guardrail settings could not be loaded: {settings.error.message}
        </p>
      ) : null}
      {settings.data !== undefined ? <GuardrailsForm saved={settings.data} /> : null}
    </div>
  );
}
