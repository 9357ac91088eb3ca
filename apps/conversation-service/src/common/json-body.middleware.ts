import { Injectable, type NestMiddleware } from '@nestjs/common';
import { json, type NextFunction, type Request, type Response } from 'express';
import { HttpRequestError, HttpRequestErrorCode } from './http-request.error';

/** Largest JSON body the API reads; the gateway has its own cap (64 KiB too). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

const parseJson = json({ limit: MAX_JSON_BODY_BYTES, type: ['application/json', 'application/*+json'], strict: true });

/**
 * The API's only body parser (Nest's own is off): a body must be JSON (415 otherwise) of at most 64 KiB
 * (413), and well-formed (400). Running as Nest middleware, its errors reach the problem+json filter.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (hasBody(req)) {
      if (!req.is(['application/json', 'application/*+json'])) {
        throw new HttpRequestError(
          HttpRequestErrorCode.UnsupportedMediaType,
          `Send the body as application/json (got ${req.headers['content-type'] ?? 'no Content-Type'})`,
        );
      }
      await new Promise<void>((resolve, reject) =>
        parseJson(req, res, (error?: unknown) => (error === undefined ? resolve() : reject(toRequestError(error)))),
      );
    }
    next();
  }
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** body-parser's errors carry a `type`; anything else is unexpected and stays a 500. */
function toRequestError(error: unknown): Error {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  switch (type) {
    case 'entity.too.large':
      return new HttpRequestError(
        HttpRequestErrorCode.PayloadTooLarge,
        `The body is larger than ${MAX_JSON_BODY_BYTES / 1024} KiB`,
      );
    case 'entity.parse.failed':
      return new HttpRequestError(HttpRequestErrorCode.MalformedJson, 'The body is not well-formed JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpRequestError(HttpRequestErrorCode.UnsupportedMediaType, 'Send the body as UTF-8 JSON');
    case 'request.aborted':
    case 'request.size.invalid':
      return new HttpRequestError(HttpRequestErrorCode.MalformedJson, 'The body was cut short');
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}
