/** A link in a reply: the host it points to, and where it starts. */
export interface LinkHost {
  host: string;
  start: number;
}

// Written links (`https://…`, `ftp://…`, any scheme with `//`): the host is whatever the authority says.
const SCHEME_URL = /\b[a-z][a-z0-9+.-]*:\/\/([^\s/?#<>"'`()[\]{}]+)/giu;
// Bare names (`example.com`, `help.example.co.uk`, `www.example`, `me@example.org`).
const BARE_HOST =
  /(?<![\p{L}\p{N}_.-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(\p{L}{2,63})(?![\p{L}\p{N}_-]|\.[\p{L}\p{N}])/gu;
// Top-level domains that make a bare `word.tld` a link. Ones that are also common short words or file
// extensions (`it`, `in`, `me`, `to`, `js`, `md`, `py`) are left out, so `Node.js` or a missing space after a
// full stop ("done.It works") is not taken for a link; written with a scheme, `www.` or in an e-mail address,
// any domain counts.
const LINK_TLDS = new Set([
  'com',
  'net',
  'org',
  'info',
  'biz',
  'io',
  'co',
  'ai',
  'app',
  'dev',
  'xyz',
  'online',
  'site',
  'store',
  'shop',
  'tech',
  'cloud',
  'email',
  'page',
  'link',
  'live',
  'blog',
  'news',
  'edu',
  'gov',
  'mil',
  'int',
  'eu',
  'uk',
  'de',
  'fr',
  'es',
  'nl',
  'ch',
  'at',
  'se',
  'dk',
  'fi',
  'pl',
  'cz',
  'ru',
  'ua',
  'cn',
  'jp',
  'kr',
  'au',
  'nz',
  'ca',
  'br',
  'mx',
  'ar',
  'za',
  'ie',
  'pt',
  'gr',
  'tr',
  'il',
  'sg',
  'hk',
  'tw',
  'ly',
  'gg',
  'tv',
  'ws',
  'cc',
]);

/** Every link and bare domain in the text, in order. */
export function findLinkHosts(text: string): LinkHost[] {
  const links: LinkHost[] = [];
  const covered: Array<[number, number]> = [];
  for (const match of text.matchAll(SCHEME_URL)) {
    const host = hostOf(match[1]);
    covered.push([match.index, match.index + match[0].length]);
    if (host.length > 0) {
      links.push({ host, start: match.index });
    }
  }
  for (const match of text.matchAll(BARE_HOST)) {
    const start = match.index;
    if (covered.some(([from, to]) => start >= from && start < to)) {
      continue;
    }
    const host = hostOf(match[0]);
    const email = text[start - 1] === '@';
    if (email || host.startsWith('www.') || LINK_TLDS.has(match[1].toLowerCase())) {
      links.push({ host, start });
    }
  }
  return links.sort((a, b) => a.start - b.start);
}

/** Whether a link's host is one of the allowed domains or a subdomain of one. */
export function isAllowedHost(host: string, allowedDomains: readonly string[]): boolean {
  return allowedDomains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** An allowed domain as an admin may write it (`https://Example.com/help`, `*.example.com`) → `example.com`. */
export function normalizeAllowedDomain(domain: string): string {
  return hostOf(
    domain
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//iu, '')
      .split(/[/?#]/u)[0],
  ).replace(/^[*.]+/u, '');
}

function hostOf(authority: string): string {
  const withoutUser = authority.slice(authority.lastIndexOf('@') + 1);
  const withoutPort = withoutUser.replace(/:\d*$/u, '');
  return withoutPort
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.,;:!?'")\]]+$/u, '');
}
