import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { WebhookError, WebhookErrorCode } from './webhook.error';

/** An address a receiver's host resolved to, checked; the connection goes to exactly this address. */
export interface ResolvedReceiver {
  url: URL;
  /** The host name without IPv6 brackets. */
  hostname: string;
  address: string;
  family: 4 | 6;
}

export type AddressLookup = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const defaultLookup: AddressLookup = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * Addresses no receiver may have unless private networks are allowed: loopback, RFC 1918 private, CGNAT,
 * link-local (cloud metadata services live there), multicast, unspecified and reserved ranges, IPv6 ULA and
 * link-local. IPv4-mapped and NAT64 IPv6 addresses are checked as the IPv4 address they carry.
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is loopback, private, link-local or otherwise not a public receiver's. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) {
    return BLOCKED.check(address, 'ipv4');
  }
  if (family !== 6) {
    return true;
  }
  const embedded = embeddedIpv4(address);
  if (embedded !== null) {
    return BLOCKED.check(embedded, 'ipv4');
  }
  return BLOCKED.check(address, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 (64:ff9b::) address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const match = /^(?:::ffff:|::ffff:0:|64:ff9b::|::)((?:\d{1,3}\.){3}\d{1,3})$/.exec(lower);
  if (match !== null) {
    return match[1];
  }
  // The same prefixes written with hexadecimal groups (::ffff:7f00:1).
  const hex = /^(?:::ffff:|64:ff9b::|::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex !== null) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return null;
}

/** Parses a receiver URL: http or https, a host, no user name or password. */
export function parseReceiverUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookError(WebhookErrorCode.UrlNotAllowed, 'The URL cannot be parsed');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WebhookError(
      WebhookErrorCode.UrlNotAllowed,
      `Only http and https receivers are allowed (got ${url.protocol})`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new WebhookError(
      WebhookErrorCode.UrlNotAllowed,
      'A receiver URL must not carry a user name or password: verify the signature instead',
    );
  }
  if (url.hostname === '') {
    throw new WebhookError(WebhookErrorCode.UrlNotAllowed, 'The URL has no host');
  }
  return url;
}

/**
 * Resolves a receiver's host once and checks every address it has; the caller connects to the address
 * returned, so a later DNS answer (rebinding) cannot send the request elsewhere.
 */
export async function resolveReceiver(
  raw: string,
  options: { allowPrivateNetworks: boolean; lookup?: AddressLookup },
): Promise<ResolvedReceiver> {
  const url = parseReceiverUrl(raw);
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(hostname) !== 0) {
    addresses = [{ address: hostname, family: isIP(hostname) }];
  } else {
    try {
      addresses = await (options.lookup ?? defaultLookup)(hostname);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'lookup failed';
      throw new WebhookError(WebhookErrorCode.UrlUnresolvable, `The host ${hostname} does not resolve (${code})`);
    }
  }
  if (addresses.length === 0) {
    throw new WebhookError(WebhookErrorCode.UrlUnresolvable, `The host ${hostname} does not resolve`);
  }
  if (!options.allowPrivateNetworks) {
    const refused = addresses.find((entry) => isNonPublicAddress(entry.address));
    if (refused !== undefined) {
      throw new WebhookError(
        WebhookErrorCode.UrlNotAllowed,
        `The host ${hostname} resolves to ${refused.address}, a loopback, private or reserved address; ` +
          'receivers must be public (WEBHOOK_ALLOW_PRIVATE_NETWORKS allows others)',
      );
    }
  }
  const [first] = addresses;
  return { url, hostname, address: first.address, family: first.family === 6 ? 6 : 4 };
}
