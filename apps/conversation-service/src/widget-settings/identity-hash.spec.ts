import { createHmac } from 'node:crypto';
import { identityHash, isIdentityVerified } from './identity-hash';

describe(isIdentityVerified.name, () => {
  const secret = 'c2VjcmV0LW9mLXRoZS13b3Jrc3BhY2UtMzItYnl0ZXM';
  const email = 'ada@example.com';
  // What a customer's server computes with any HMAC library.
  const hash = createHmac('sha256', secret).update(email).digest('hex');

  it('should compute the hex HMAC-SHA256 of the e-mail', () => {
    expect(identityHash(secret, email)).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should verify the right hash, in either letter case', () => {
    expect(isIdentityVerified(secret, email, hash)).toBe(true);
    expect(isIdentityVerified(secret, email, hash.toUpperCase())).toBe(true);
  });

  it('should refuse a hash of another e-mail, another secret, or a changed digit', () => {
    expect(isIdentityVerified(secret, 'eve@example.com', hash)).toBe(false);
    expect(isIdentityVerified('another secret', email, hash)).toBe(false);
    const flipped = `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`;
    expect(isIdentityVerified(secret, email, flipped)).toBe(false);
  });

  it('should not verify without a secret, an e-mail or a hash, nor with a hash of the wrong length', () => {
    expect(isIdentityVerified(null, email, hash)).toBe(false);
    expect(isIdentityVerified(secret, undefined, hash)).toBe(false);
    expect(isIdentityVerified(secret, email, undefined)).toBe(false);
    expect(isIdentityVerified(secret, email, hash.slice(0, 62))).toBe(false);
    expect(isIdentityVerified(secret, email, '')).toBe(false);
  });
});
