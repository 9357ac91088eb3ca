import type { AppConfig } from '../config/app-config';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a page on `origin` may use a workspace's widget. The check stops other websites from
 * embedding the widget in a browser; non-browser clients send no Origin and are let through, since the
 * widget key is public anyway. An empty list allows no website, except loopback pages in development.
 */
export function isOriginAllowed(
  origin: string | undefined,
  allowedOrigins: readonly string[],
  nodeEnv: AppConfig['nodeEnv'],
): boolean {
  if (origin === undefined || origin === '') {
    return true;
  }
  const normalized = origin.toLowerCase();
  if (allowedOrigins.includes(normalized)) {
    return true;
  }
  if (allowedOrigins.length === 0 && nodeEnv === 'development') {
    try {
      const url = new URL(normalized);
      return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
    } catch {
      return false;
    }
  }
  return false;
}
