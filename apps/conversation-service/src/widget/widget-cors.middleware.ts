import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** How long a browser may reuse a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS preflights of the widget's public routes, which pages on customers' sites call. A preflight carries
 * no widget key, so any origin passes it; the real request is then checked against the workspace's allowed
 * origins, and only an allowed one gets `Access-Control-Allow-Origin` (see widgetCors). No credentials.
 */
@Injectable()
export class WidgetCorsMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const origin = req.headers.origin;
    if (origin === undefined) {
      next();
      return;
    }
    res
      .status(204)
      .set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'content-type',
        'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
        Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      })
      .end();
  }
}

/** After the service accepted the page's origin: let that page read the answer. */
export function allowWidgetOrigin(res: Response, origin: string | undefined): void {
  res.vary('Origin');
  if (origin !== undefined && origin !== '') {
    res.set('Access-Control-Allow-Origin', origin);
  }
}
