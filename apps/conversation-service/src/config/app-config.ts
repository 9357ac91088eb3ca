import { randomBytes } from 'node:crypto';
import { type DatabaseConfig, type Env, EnvReader, readDatabaseConfig } from '@neodesk/config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the conversation service reads from its environment, validated once at start-up. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly http: {
    readonly host: string;
    readonly port: number;
    /** Base URL printed for people (login hints); derived from host and port unless PUBLIC_URL is set. */
    readonly publicUrl: string;
    /** Proxies in front of the service whose X-Forwarded-For is trusted for the client address (0: none). */
    readonly trustProxyHops: number;
  };
  /** Requests allowed per window; over it the API answers 429 with Retry-After. */
  readonly rateLimit: {
    readonly windowSeconds: number;
    /** Every request, per client address. */
    readonly perIp: number;
    /** Requests per bearer credential (an API key, or an agent's access token). */
    readonly perCaller: number;
    /** Login and refresh attempts, per client address. */
    readonly credentials: number;
  };
  readonly database: DatabaseConfig;
  readonly redisUrl: string | undefined;
  readonly session: {
    /** HMAC key of visitor and agent tokens; every replica needs the same one. */
    readonly secret: string;
    /** True when SESSION_SECRET was unset and a random key was made for this process only. */
    readonly secretGenerated: boolean;
  };
  readonly log: { readonly level: LogLevel };
  readonly bootstrap: {
    readonly workspaceName: string;
    readonly adminEmail: string;
    /** When unset, a password is generated on first start and printed once. */
    readonly adminPassword: string | undefined;
  };
}

export const MIN_SESSION_SECRET_LENGTH = 32;

export function loadAppConfig(env: Env): AppConfig {
  const reader = new EnvReader(env);
  const nodeEnv = reader.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const host = reader.string('HOST', '127.0.0.1');
  const port = reader.int('PORT', 3000, { min: 0, max: 65535 });
  const publicUrl =
    reader.optionalUrl('PUBLIC_URL', ['http:', 'https:']) ??
    `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  const trustProxyHops = reader.int('TRUST_PROXY_HOPS', 0, { min: 0, max: 10 });
  const rateLimit = {
    windowSeconds: reader.int('RATE_LIMIT_WINDOW_SECONDS', 60, { min: 1, max: 3600 }),
    perIp: reader.int('RATE_LIMIT_PER_IP', 3000, { min: 1, max: 1_000_000 }),
    perCaller: reader.int('RATE_LIMIT_PER_CALLER', 1200, { min: 1, max: 1_000_000 }),
    credentials: reader.int('RATE_LIMIT_LOGIN_PER_IP', 20, { min: 1, max: 100_000 }),
  };
  const database = readDatabaseConfig(reader);
  const redisUrl = reader.optionalUrl('REDIS_URL', ['redis:', 'rediss:'], { secret: true });
  const configuredSecret = reader.optionalString('SESSION_SECRET', {
    secret: true,
    minLength: MIN_SESSION_SECRET_LENGTH,
    maxLength: 512,
  });
  const level = reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  const workspaceName = reader.string('BOOTSTRAP_WORKSPACE_NAME', 'Default workspace', { maxLength: 120 });
  const adminEmail = reader.string('BOOTSTRAP_ADMIN_EMAIL', 'admin@neodesk.local', { maxLength: 254 });
  if (!/^[^\s@]+@[^\s@]+$/.test(adminEmail)) {
    reader.fail('BOOTSTRAP_ADMIN_EMAIL', `must be an e-mail address (got "${adminEmail}")`);
  }
  const adminPassword = reader.optionalString('BOOTSTRAP_ADMIN_PASSWORD', {
    secret: true,
    minLength: 12,
    maxLength: 256,
  });
  reader.assertValid();
  return deepFreeze({
    nodeEnv,
    http: { host, port, publicUrl: publicUrl.replace(/\/$/, ''), trustProxyHops },
    rateLimit,
    database,
    redisUrl,
    session: {
      secret: configuredSecret ?? randomBytes(32).toString('base64url'),
      secretGenerated: configuredSecret === undefined,
    },
    log: { level },
    bootstrap: { workspaceName, adminEmail, adminPassword },
  });
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) {
      deepFreeze(child as object);
    }
  }
  return Object.freeze(value);
}
