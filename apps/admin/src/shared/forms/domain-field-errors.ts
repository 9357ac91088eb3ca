import { ApiError } from '../api/api-error';
import { type FieldErrors, fieldErrorsOf, formErrorOf } from './field-errors';

/**
 * `fieldErrorsOf`, plus the API's domain refusals that concern one field (a 409 `USER_EMAIL_TAKEN`, a 422
 * `WEBHOOK_URL_NOT_ALLOWED`): `byCode` names the field of each such code, and its message goes there.
 */
export function fieldErrorsWithCodes(error: unknown, byCode: Readonly<Record<string, string>>): FieldErrors {
  const fields = fieldErrorsOf(error);
  const code = error instanceof ApiError ? error.problem.code : undefined;
  if (code !== undefined && byCode[code] !== undefined && fields[byCode[code]] === undefined) {
    return { ...fields, [byCode[code]]: (error as ApiError).message };
  }
  return fields;
}

/** `formErrorOf` that knows those codes are shown by a field too. */
export function formErrorWithCodes(
  error: unknown,
  byCode: Readonly<Record<string, string>>,
  shownFields: readonly string[],
): string | null {
  const code = error instanceof ApiError ? error.problem.code : undefined;
  if (code !== undefined && byCode[code] !== undefined && shownFields.includes(byCode[code])) {
    return 'Some fields need a change: see the messages under them.';
  }
  return formErrorOf(error, shownFields);
}
