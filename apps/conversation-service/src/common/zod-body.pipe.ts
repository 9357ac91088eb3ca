import { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { RequestValidationError } from './request-validation.error';

/** Parses a request body with a contracts schema; a failure answers 400 naming each field and why. */
export class ZodBodyPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) {
      throw RequestValidationError.fromZod('body', result.error);
    }
    return result.data;
  }
}
