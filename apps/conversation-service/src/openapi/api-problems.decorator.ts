import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto';

/** The error statuses the API answers, each with what it means for the caller. */
const PROBLEMS = {
  400: 'Invalid request: `errors` names each field and why (`body.text`, `query.limit`, `path.id`)',
  401: 'No credentials, or an unknown, expired or revoked key or token (`WWW-Authenticate: Bearer`)',
  403: 'The key or role lacks the scope this route needs',
  404: "Not found in the caller's workspace (another workspace's resources read as missing)",
  409: 'Conflicts with the current state, or an Idempotency-Key reused with a different body',
  413: 'The body is larger than 64 KiB',
  415: 'The body is not `application/json`',
  422: 'Well-formed but not acceptable (a rule of the domain; `code` says which)',
  429: 'Rate limit reached: retry after `Retry-After` seconds',
  502: 'An inference worker failed the job, or left while running it',
  503:
    'The database is unavailable (`code` `DATABASE_UNAVAILABLE`: send the same request again after `Retry-After` ' +
    'seconds), or no inference worker is connected or has room (`code` says which feature)',
  504: 'The inference worker did not finish in time',
} as const;

export type ProblemStatus = keyof typeof PROBLEMS;

/** Documents error answers as `application/problem+json` (RFC 9457). */
export function ApiProblems(...statuses: ProblemStatus[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEMS[status],
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      }),
    ),
  );
}
