import { useId } from 'react';

/** One on/off setting: a checkbox with its label and what it does. */
export function SwitchField({
  label,
  help,
  checked,
  error,
  onChange,
}: {
  label: string;
  help: string;
  checked: boolean;
  error?: string;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="guardrail-switch">
      <input
        id={id}
        type="checkbox"
        className="guardrail-switch__box"
        checked={checked}
        aria-describedby={`${id}-help`}
        aria-invalid={error !== undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div className="guardrail-switch__text">
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        <span id={`${id}-help`} className="field__messages">
          <span className="field__help">{help}</span>
          {error !== undefined ? <span className="field__error">{error}</span> : null}
        </span>
      </div>
    </div>
  );
}
