import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Metrics } from './metrics';

/** The route Express records for the app-wide middleware (JsonBodyMiddleware) when no real route matched. */
const CATCH_ALL_ROUTE = '/{*path}';

/**
 * Times every HTTP request to its end, refused ones included, labelled with the route template (never the
 * raw path, which would make a series per id) or `unmatched`.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const template = (req.route as { path?: unknown } | undefined)?.path;
      const route =
        typeof template === 'string' && template !== CATCH_ALL_ROUTE ? `${req.baseUrl}${template}` : 'unmatched';
      this.metrics.httpRequest(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  }
}
