import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

type Directives = Record<string, string[]>;
type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** What every answer forbids whatever it is: being framed, a `<base>` and form posts elsewhere. */
const BASELINE: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The demo page: strict on purpose, it proves the widget works where a site allows only its own scripts,
 * styles and connections (no inline script or style, no eval).
 */
const DEMO_PAGE: Directives = {
  ...BASELINE,
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'connect-src': ["'self'", 'ws:', 'wss:'],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
};

/**
 * The dashboard (`/admin`): scripts and styles from this origin only, no inline code, sockets to this host.
 * React sets style properties through the CSSOM, which `style-src 'self'` allows.
 */
const DASHBOARD: Directives = {
  ...DEMO_PAGE,
  'manifest-src': ["'self'"],
  'form-action': ["'self'"],
};

/** Swagger UI (`/api/docs`): its page has inline `<style>` blocks and data: icons; its scripts are ours. */
const API_DOCS: Directives = {
  ...BASELINE,
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
};

/**
 * Which policy a path gets. Everything else (the API's JSON, the widget's scripts, `/metrics`) is never a
 * page, so it gets the baseline alone: nothing may load, run or frame it should a browser open it.
 */
type PathKind = 'demo' | 'dashboard' | 'docs' | 'widget' | 'other';

function kindOf(path: string): PathKind {
  if (path === '/') {
    return 'demo';
  }
  if (path === '/admin' || path.startsWith('/admin/')) {
    return 'dashboard';
  }
  if (path === '/api/docs' || path.startsWith('/api/docs/')) {
    return 'docs';
  }
  // The widget is a script customers' pages load with <script src> (a no-cors load that CORP would block)
  // and then calls with CORS. It is never framed: it draws in a shadow root of the host page, so framing
  // stays forbidden here too.
  if (path === '/widget.js' || path.startsWith('/widget/') || path.startsWith('/api/v1/widget/')) {
    return 'widget';
  }
  return 'other';
}

function headersWith(directives: Directives, resourcePolicy: 'same-origin' | 'cross-origin'): Handler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    crossOriginResourcePolicy: { policy: resourcePolicy },
    // Same-origin links (the demo page to /admin) keep their path; nothing leaves for other sites.
    referrerPolicy: { policy: 'same-origin' },
    // For browsers that predate frame-ancestors.
    xFrameOptions: { action: 'deny' },
    // Ignored over plain HTTP; without includeSubDomains, which would bind hosts this service does not own.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  });
}

/**
 * The one owner of the security headers (helmet), on every HTTP answer: pages, assets, API answers,
 * errors and 304s alike. Installed ahead of every route, Swagger's included (see createApp).
 */
export function securityHeaders(): Handler {
  const handlers: Record<PathKind, Handler> = {
    demo: headersWith(DEMO_PAGE, 'same-origin'),
    dashboard: headersWith(DASHBOARD, 'same-origin'),
    docs: headersWith(API_DOCS, 'same-origin'),
    widget: headersWith(BASELINE, 'cross-origin'),
    other: headersWith(BASELINE, 'same-origin'),
  };
  return (req, res, next) => {
    // Lower case as Express routes match; anything unrecognised gets the strictest policy.
    const path = ((req.url ?? '/').split('?', 1)[0] ?? '/').toLowerCase();
    handlers[kindOf(path)](req, res, next);
  };
}
