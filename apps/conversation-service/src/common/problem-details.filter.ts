import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '@neodesk/persistence';
import type { Request, Response } from 'express';
import { RateLimitError } from '../rate-limit/rate-limit.error';
import { domainErrorStatus } from './domain-error-status';
import { RequestValidationError } from './request-validation.error';

/** RFC 9457 problem details: the one error shape every HTTP route answers with. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  [extension: string]: unknown;
}

/**
 * Turns any thrown error into application/problem+json. Unexpected errors answer 500 with the
 * request id, which is also in the log line carrying the stack, and nothing else about the failure.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const requestId = typeof request.id === 'string' ? request.id : undefined;
    if (isDatabaseUnavailable(exception)) {
      // Expected while the server restarts: one line without the stack, and the client retries later.
      this.logger.warn(
        {
          requestId,
          path: request.originalUrl,
          reason: exception instanceof Error ? exception.message : String(exception),
        },
        `Database unavailable answering ${request.method} ${request.originalUrl}`,
      );
      const status = HttpStatus.SERVICE_UNAVAILABLE;
      const problem: ProblemDetails = {
        type: 'about:blank',
        title: titleOf(status),
        status,
        code: 'DATABASE_UNAVAILABLE',
        detail: `The database is unavailable; send the same request again in ${DATABASE_RETRY_AFTER_SECONDS} s.`,
        instance: request.originalUrl,
        requestId,
      };
      response.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      response.status(status).type('application/problem+json').json(problem);
      return;
    }
    const problem = this.toProblem(exception, requestId);
    problem.instance = request.originalUrl;
    if (problem.status >= 500) {
      this.logger.error(
        { err: exception, requestId, path: request.originalUrl },
        `Unhandled error answering ${request.method} ${request.originalUrl}`,
      );
    }
    if (exception instanceof RateLimitError) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown, requestId: string | undefined): ProblemDetails {
    if (exception instanceof RequestValidationError) {
      const status = HttpStatus.BAD_REQUEST;
      return {
        type: 'about:blank',
        title: titleOf(status),
        status,
        code: 'VALIDATION_FAILED',
        detail: exception.message,
        errors: exception.errors,
        requestId,
      };
    }
    const domain = domainErrorStatus(exception);
    if (domain !== null && exception instanceof Error) {
      // `code` is what clients branch on; the detail is for people.
      const { status, code } = domain;
      return { type: 'about:blank', title: titleOf(status), status, code, detail: exception.message, requestId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail =
        typeof body === 'string'
          ? body
          : typeof body === 'object' && 'message' in body
            ? ([] as unknown[]).concat(body.message).join('; ')
            : exception.message;
      return { type: 'about:blank', title: titleOf(status), status, detail, requestId };
    }
    return {
      type: 'about:blank',
      title: titleOf(HttpStatus.INTERNAL_SERVER_ERROR),
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      requestId,
    };
  }
}

function titleOf(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (name === undefined) {
    return 'Error';
  }
  return name
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
