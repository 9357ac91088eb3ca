import type { FieldError } from '@neodesk/contracts';
import type { z } from 'zod';

/** A request that does not match its schema: answered 400 with every field that failed and why. */
export class RequestValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '));
    this.name = 'RequestValidationError';
  }

  /** `location` prefixes each issue's path: `body`, `query`, `path`, `header.Idempotency-Key`. */
  static fromZod(location: string, error: z.ZodError): RequestValidationError {
    return new RequestValidationError(
      error.issues.map((issue) => ({
        field: [location, ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    );
  }
}
