import { USER_PASSWORD_LIMITS } from '@neodesk/contracts';

/** No 0/O, 1/l/I or 5/S look-alikes: the password is read off a screen and typed once. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRTUVWXYZ2346789';
const GROUPS = 5;
const GROUP_LENGTH = 4;

/**
 * A random password from the browser's CSPRNG: 20 characters of a 54-letter alphabet (about 115 bits) in
 * groups of four ("abcd-efgh-…"), longer than USER_PASSWORD_LIMITS.min.
 */
export function generatePassword(): string {
  const chars: string[] = [];
  // Rejection sampling keeps every character equally likely (256 is not a multiple of the alphabet).
  const limit = 256 - (256 % ALPHABET.length);
  while (chars.length < GROUPS * GROUP_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < limit && chars.length < GROUPS * GROUP_LENGTH) {
        chars.push(ALPHABET[byte % ALPHABET.length]);
      }
    }
  }
  const groups = Array.from({ length: GROUPS }, (_, index) =>
    chars.slice(index * GROUP_LENGTH, (index + 1) * GROUP_LENGTH).join(''),
  );
  const password = groups.join('-');
  if (password.length < USER_PASSWORD_LIMITS.min || password.length > USER_PASSWORD_LIMITS.max) {
    throw new Error('The generated password does not fit the password limits');
  }
  return password;
}
