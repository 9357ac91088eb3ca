/**
 * Websites allowed to embed a workspace's widget: exact origins (`scheme://host[:port]`) and one wildcard
 * form, `scheme://*.example.com[:port]`, which allows every subdomain of example.com at any depth but not
 * example.com itself. No paths, queries, credentials or other wildcards. Zod-free: the service and the
 * clients share it.
 */

export const MAX_ALLOWED_ORIGINS = 50;
export const MAX_ALLOWED_ORIGIN_LENGTH = 200;

export type AllowedOriginParse = { ok: true; origin: string } | { ok: false; reason: string };

const WILDCARD_PREFIX = '*.';
// A label the URL parser keeps as written, standing in for the wildcard while the rest is checked.
const PLACEHOLDER = 'wildcard-placeholder';

/** The canonical form of an allowed-origin entry (lower case, default port dropped), or why it is refused. */
export function parseAllowedOrigin(value: string): AllowedOriginParse {
  const trimmed = value.trim().replace(/\/$/, '');
  if (trimmed.length === 0 || trimmed.length > MAX_ALLOWED_ORIGIN_LENGTH) {
    return { ok: false, reason: `must have 1 to ${MAX_ALLOWED_ORIGIN_LENGTH} characters` };
  }
  const schemeEnd = trimmed.indexOf('://');
  const afterScheme = schemeEnd === -1 ? '' : trimmed.slice(schemeEnd + 3);
  const wildcard = afterScheme.startsWith(WILDCARD_PREFIX);
  const candidate = wildcard
    ? `${trimmed.slice(0, schemeEnd + 3)}${PLACEHOLDER}.${afterScheme.slice(WILDCARD_PREFIX.length)}`
    : trimmed;
  if (candidate.includes('*')) {
    return { ok: false, reason: 'may use * only as the first label, as in https://*.example.com' };
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, reason: 'is not a URL like https://shop.example.com' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'must use http or https' };
  }
  const bare = url.username === '' && url.password === '' && url.pathname === '/' && !/[?#]/.test(candidate);
  if (!bare) {
    return { ok: false, reason: `must be an origin only (scheme://host[:port]), like ${url.origin}` };
  }
  if (!wildcard) {
    return { ok: true, origin: url.origin };
  }
  const suffix = url.hostname.slice(PLACEHOLDER.length + 1);
  // A wildcard over a top-level domain or an IP address would allow far more than one site.
  if (!suffix.includes('.') || /^[\d.]+$/.test(suffix) || url.hostname.startsWith('[')) {
    return { ok: false, reason: 'a wildcard needs a domain of at least two labels, as in https://*.example.com' };
  }
  return { ok: true, origin: url.origin.replace(PLACEHOLDER, '*') };
}

/** Whether a page's Origin header matches one canonical allowed-origin entry. */
export function originMatches(allowed: string, origin: string): boolean {
  let page: URL;
  try {
    page = new URL(origin);
  } catch {
    return false;
  }
  if (page.origin === 'null') {
    return false;
  }
  if (!allowed.includes('://*.')) {
    return page.origin === allowed;
  }
  const [scheme, rest] = allowed.split('://*.') as [string, string];
  const [suffix, port = ''] = rest.split(':') as [string, string | undefined];
  return page.protocol === `${scheme}:` && page.port === port && page.hostname.endsWith(`.${suffix}`);
}
