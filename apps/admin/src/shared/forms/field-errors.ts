import { ApiError } from '../api/api-error';

/**
 * The API's validation errors by form field: `body.persona` -> `persona`, `body.handoffPhrases.2` ->
 * `handoffPhrases` (the whole list's field), `query.from` -> `from`. Errors of no field are under `''`.
 */
export type FieldErrors = Readonly<Record<string, string>>;

export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) {
    return {};
  }
  const byField: Record<string, string> = {};
  for (const entry of error.problem.errors ?? []) {
    const [, name = ''] = /^(?:body|query|params|header)\.?([^.[]*)/.exec(entry.field) ?? [];
    byField[name] ??= entry.message;
  }
  return byField;
}

/**
 * The message for the whole form: the problem's detail, unless every error it lists is shown by a field
 * the form has (then a short summary, so the page does not repeat each one).
 */
export function formErrorOf(error: unknown, shownFields: readonly string[]): string | null {
  if (error === null || error === undefined) {
    return null;
  }
  if (!(error instanceof ApiError)) {
    return error instanceof Error ? error.message : 'Something went wrong. Try again.';
  }
  const fields = Object.keys(fieldErrorsOf(error));
  if (fields.length > 0 && fields.every((field) => shownFields.includes(field))) {
    return 'Some fields need a change: see the messages under them.';
  }
  return error.message;
}
