import { Injectable, type NestMiddleware } from '@nestjs/common';
import { json, type NextFunction, type Request, type Response } from 'express';
import { HttpRequestError, HttpRequestErrorCode } from './http-request.error';

/** Largest JSON body the API reads; the gateway has its own cap (64 KiB too). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Knowledge base articles hold up to 40,000 characters of Markdown: up to 120 KB as UTF-8, more with JSON
 * escapes. Their create and update routes read bodies of up to 256 KiB.
 */
export const MAX_ARTICLE_JSON_BODY_BYTES = 256 * 1024;
const ARTICLE_ROUTE = /^\/api\/v1\/knowledge\/articles(\/[^/]+)?\/?$/;

const JSON_TYPES = ['application/json', 'application/*+json'];
const parseJson = json({ limit: MAX_JSON_BODY_BYTES, type: JSON_TYPES, strict: true });
const parseArticleJson = json({ limit: MAX_ARTICLE_JSON_BODY_BYTES, type: JSON_TYPES, strict: true });

/**
 * The API's only body parser (Nest's own is off): a body must be JSON (415 otherwise) of at most 64 KiB
 * (256 KiB for knowledge articles; 413 above), and well-formed (400). Running as Nest middleware, its errors reach the problem+json filter.
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
      const path = req.originalUrl.split('?')[0];
      const limit = ARTICLE_ROUTE.test(path) ? MAX_ARTICLE_JSON_BODY_BYTES : MAX_JSON_BODY_BYTES;
      const parse = limit === MAX_JSON_BODY_BYTES ? parseJson : parseArticleJson;
      await new Promise<void>((resolve, reject) =>
        parse(req, res, (error?: unknown) => (error === undefined ? resolve() : reject(toRequestError(error, limit)))),
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
function toRequestError(error: unknown, limit: number): Error {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  switch (type) {
    case 'entity.too.large':
      return new HttpRequestError(HttpRequestErrorCode.PayloadTooLarge, `The body is larger than ${limit / 1024} KiB`);
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
