import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type Provider } from '@nestjs/common';
import { Repositories } from '@neodesk/persistence';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** What a token is for; part of the signed body, so a visitor token never passes as an agent token. */
export type TokenKind = 'visitor' | 'agent';

export interface TokenClaims {
  kind: TokenKind;
  workspaceId: string;
  /** The visitor id or the user id. */
  subject: string;
  /** Expiry, in seconds since the epoch. */
  expiresAt: number;
}

const VERSION = 'v1';

/** Injection token of the HMAC key tokens are signed with. */
export const SESSION_KEY = Symbol('SESSION_KEY');
/** Name of the generated key in `instance_secrets`. */
export const SESSION_SECRET_NAME = 'session';

/**
 * SESSION_SECRET when set; otherwise a key generated once and kept in the database, so tokens survive
 * restarts (embedded database included) and every replica of an external database shares it.
 */
export const sessionKeyProvider: Provider = {
  provide: SESSION_KEY,
  inject: [APP_CONFIG, Repositories],
  useFactory: async (config: AppConfig, repositories: Repositories): Promise<string> =>
    config.session.secret ??
    repositories.instanceSecrets.getOrCreate(SESSION_SECRET_NAME, randomBytes(32).toString('base64url')),
};

/**
 * The one place that signs and checks tokens: `v1.<base64url JSON claims>.<base64url HMAC-SHA256>`.
 * Stateless, so every replica sharing the key accepts them.
 */
@Injectable()
export class SignedTokens {
  constructor(@Inject(SESSION_KEY) private readonly key: string) {}

  sign(kind: TokenKind, workspaceId: string, subject: string, ttlSeconds: number, now = new Date()): string {
    const claims: TokenClaims = {
      kind,
      workspaceId,
      subject,
      expiresAt: Math.floor(now.getTime() / 1000) + ttlSeconds,
    };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${VERSION}.${body}.${this.mac(body)}`;
  }

  /** The claims of a genuine, unexpired token of that kind; null for anything else. */
  verify(kind: TokenKind, token: string, now = new Date()): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION) {
      return null;
    }
    const [, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.mac(body), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return null;
    }
    const claims = parseClaims(Buffer.from(body, 'base64url').toString('utf8'));
    if (claims === null || claims.kind !== kind || claims.expiresAt <= Math.floor(now.getTime() / 1000)) {
      return null;
    }
    return claims;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(`${VERSION}.${body}`).digest('base64url');
  }
}

function parseClaims(json: string): TokenClaims | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const { kind, workspaceId, subject, expiresAt } = value as Record<string, unknown>;
  if (
    (kind !== 'visitor' && kind !== 'agent') ||
    typeof workspaceId !== 'string' ||
    typeof subject !== 'string' ||
    typeof expiresAt !== 'number'
  ) {
    return null;
  }
  return { kind, workspaceId, subject, expiresAt };
}
