import { Algorithm, hash, verify } from '@node-rs/argon2';

// OWASP's recommended Argon2id parameters: 19 MiB memory, 2 passes, 1 lane.
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Argon2id, a slow memory-hard KDF, so a stolen table of hashes resists offline guessing. */
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash never authenticates anyone.
      return false;
    }
  }
}
