/**
 * Help text under a field and, when the field is wrong (the form's own check or the API's 400), the reason.
 * Give the input `aria-describedby={id}` and `aria-invalid={error !== undefined}`.
 */
export function FieldMessage({ id, help, error }: { id: string; help?: string; error?: string }) {
  if (help === undefined && error === undefined) {
    return null;
  }
  return (
    <span id={id} className="field__messages">
      {help !== undefined ? <span className="field__help">{help}</span> : null}
      {error !== undefined ? <span className="field__error">{error}</span> : null}
    </span>
  );
}
