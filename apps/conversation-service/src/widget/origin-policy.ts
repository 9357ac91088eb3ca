import { originMatches } from '@neodesk/contracts';
import type { AppConfig } from '../config/app-config';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Where a browser request to the widget's routes or socket comes from. */
export interface PageOrigin {
  /** The page's `Origin` header; absent for non-browser clients. */
  origin: string | undefined;
  /** The `Host` the request was sent to: the service as the page addressed it. */
  host: string | undefined;
}

/**
 * Whether a page may use a workspace's widget. The check stops other websites from embedding the widget
 * in a browser; non-browser clients send no Origin and are let through, since the widget key is public
 * anyway. Allowed: the workspace's listed origins (exact, or the `https://*.example.com` form), pages the
 * service serves itself (the demo page: Origin and Host name the same host), and with an empty list,
 * loopback pages in development.
 */
export function isOriginAllowed(
  page: PageOrigin,
  allowedOrigins: readonly string[],
  nodeEnv: AppConfig['nodeEnv'],
): boolean {
  const { origin } = page;
  if (origin === undefined || origin === '') {
    return true;
  }
  let url: URL;
  try {
    url = new URL(origin.toLowerCase());
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return false;
  }
  // A browser sets both headers itself: a page whose origin is the service's own host was served by it.
  if (page.host !== undefined && url.host === page.host.toLowerCase()) {
    return true;
  }
  if (allowedOrigins.some((allowed) => originMatches(allowed, url.origin))) {
    return true;
  }
  return allowedOrigins.length === 0 && nodeEnv === 'development' && LOOPBACK_HOSTS.has(url.hostname);
}
