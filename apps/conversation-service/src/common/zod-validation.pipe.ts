import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { RequestValidationError } from './request-validation.error';

/** A DTO class made by nestjs-zod's createZodDto: it carries its schema (and its OpenAPI description). */
interface ZodDtoClass {
  isZodDto: true;
  schema: z.ZodType;
}

function isZodDto(metatype: unknown): metatype is ZodDtoClass {
  return typeof metatype === 'function' && (metatype as Partial<ZodDtoClass>).isZodDto === true;
}

const LOCATIONS: Record<ArgumentMetadata['type'], string> = { body: 'body', query: 'query', param: 'path', custom: '' };

/**
 * The global pipe: a `@Body()`, `@Query()` or `@Param()` typed with a zod DTO is parsed with its schema,
 * and a failure answers 400 naming each field (`body.text`, `query.limit`, `path.id`) and why.
 */
@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!isZodDto(metadata.metatype) || metadata.type === 'custom') {
      return value;
    }
    const result = metadata.metatype.schema.safeParse(value ?? (metadata.type === 'body' ? undefined : {}));
    if (!result.success) {
      throw RequestValidationError.fromZod(LOCATIONS[metadata.type], result.error);
    }
    return result.data;
  }
}
