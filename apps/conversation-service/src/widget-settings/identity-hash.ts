import { createHmac, timingSafeEqual } from 'node:crypto';

/** The hex HMAC-SHA256 of the e-mail keyed with the identity secret, as a site's server computes it. */
export function identityHash(secret: string, email: string): string {
  return createHmac('sha256', secret).update(email, 'utf8').digest('hex');
}

/**
 * Whether `hash` proves `email` under the workspace's identity secret. No secret, no e-mail or no hash is
 * unverified; the comparison takes the same time wherever the strings differ.
 */
export function isIdentityVerified(
  secret: string | null,
  email: string | undefined,
  hash: string | undefined,
): boolean {
  if (secret === null || email === undefined || hash === undefined) {
    return false;
  }
  const expected = Buffer.from(identityHash(secret, email), 'hex');
  const given = Buffer.from(hash.toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
