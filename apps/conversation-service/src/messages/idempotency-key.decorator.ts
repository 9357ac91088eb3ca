import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { IDEMPOTENCY_KEY_PATTERN } from '@neodesk/contracts';
import type { Request } from 'express';
import { RequestValidationError } from '../common/request-validation.error';

/** The `Idempotency-Key` header (printable ASCII, 1 to 128 characters), or null when absent. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | null => {
  const value = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
  if (value === undefined) {
    return null;
  }
  if (typeof value !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new RequestValidationError([
      { field: 'header.Idempotency-Key', message: 'must be 1 to 128 printable ASCII characters' },
    ]);
  }
  return value;
});
