import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type DatabaseConfig, type Env, EnvReader, readDatabaseConfig } from '@neodesk/config';
import { MAX_ALLOWED_ORIGINS, parseAllowedOrigin } from '@neodesk/contracts';

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
  /**
   * Failed logins per account (the e-mail address, known or not), counted in the database so every replica
   * sees them: over maxFailures in windowSeconds the account answers 429 for lockSeconds; from the fourth
   * failure on, each failed answer waits failureDelayMs more than the one before.
   */
  readonly login: {
    readonly maxFailures: number;
    readonly windowSeconds: number;
    readonly lockSeconds: number;
    readonly failureDelayMs: number;
  };
  readonly database: DatabaseConfig;
  readonly redisUrl: string | undefined;
  readonly session: {
    /**
     * HMAC key of visitor and agent tokens (SESSION_SECRET). Unset: a key generated once and kept in the
     * database, so tokens survive restarts and every replica shares it.
     */
    readonly secret: string | undefined;
  };
  readonly log: {
    readonly level: LogLevel;
    /** LOG_FILE: append the JSON log lines to this file instead of stdout (the tests keep each app's log). */
    readonly file: string | undefined;
  };
  readonly metrics: {
    /** When set, `GET /metrics` needs `Authorization: Bearer <token>`; otherwise it answers loopback only. */
    readonly token: string | undefined;
  };
  readonly workers: {
    /** Shared secret inference workers present on `/worker`; unset: no worker can join (except the embedded one). */
    readonly token: string | undefined;
    /** Whether this process starts its own worker on CPU with the bundled model, over loopback. */
    readonly embedded: boolean;
    /** How long a bot reply waits for a worker with room before the visitor gets the fallback. */
    readonly replyWaitMs: number;
    /** Longest a running reply may take before it counts as failed. */
    readonly replyTimeoutMs: number;
    /**
     * A bot-owned conversation whose customer message has had no answer this long lost its reply (the
     * replica running it stopped): it goes to the human queue with the fallback message. At least the
     * wait plus the timeout, so a reply still running anywhere has ended by then.
     */
    readonly lostReplyAfterMs: number;
  };
  /** Webhook deliveries: the dispatcher's pace, retries and the receivers it may reach. */
  readonly webhooks: {
    /** Let receivers resolve to loopback, private, link-local and similar addresses (refused by default). */
    readonly allowPrivateNetworks: boolean;
    /** Longest one attempt may take (connect, send, answer). */
    readonly timeoutMs: number;
    /** Attempts before a delivery is given up as failed (a redelivery starts a new count). */
    readonly maxAttempts: number;
    /** Delay before the first retry; each next one is three times longer, up to retryMaxMs (plus or minus 20%). */
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
    /** How often the dispatcher looks for due deliveries that no commit of this process woke it for. */
    readonly pollIntervalMs: number;
    /** Deliveries this process sends at once. */
    readonly concurrency: number;
    /** Finished deliveries (sent or given up) and their attempts are deleted this many days after the event. */
    readonly retentionDays: number;
  };
  /** The web chat widget's files and the demo page that shows it. */
  readonly widget: {
    /** Folder of the built widget (`manifest.json`, the loader, the chat bundle). */
    readonly dir: string;
    /** Whether `GET /` serves the demo shop page with the default workspace's widget. */
    readonly demoPage: boolean;
  };
  /** The agent dashboard's built files (apps/admin), served at /admin. */
  readonly admin: {
    /** Folder of the built dashboard (`index.html`, `assets/`). */
    readonly dir: string;
  };
  readonly bootstrap: {
    readonly workspaceName: string;
    readonly adminEmail: string;
    /** When unset, a password is generated on first start and printed once. */
    readonly adminPassword: string | undefined;
    /** Websites allowed to embed the first workspace's widget, besides the service's own PUBLIC_URL. */
    readonly allowedOrigins: readonly string[];
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
  const login = {
    maxFailures: reader.int('LOGIN_MAX_FAILURES', 10, { min: 1, max: 10 }),
    windowSeconds: reader.int('LOGIN_FAILURE_WINDOW_SECONDS', 900, { min: 1, max: 86_400 }),
    lockSeconds: reader.int('LOGIN_LOCK_SECONDS', 900, { min: 1, max: 86_400 }),
    failureDelayMs: reader.int('LOGIN_FAILURE_DELAY_MS', 250, { min: 0, max: 2_000 }),
  };
  const database = readDatabaseConfig(reader);
  const redisUrl = reader.optionalUrl('REDIS_URL', ['redis:', 'rediss:'], { secret: true });
  const configuredSecret = reader.optionalString('SESSION_SECRET', {
    secret: true,
    minLength: MIN_SESSION_SECRET_LENGTH,
    maxLength: 512,
  });
  const level = reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  const logFile = reader.optionalString('LOG_FILE', { minLength: 1, maxLength: 4096 });
  const metricsToken = reader.optionalString('METRICS_TOKEN', { secret: true, minLength: 16, maxLength: 512 });
  if (metricsToken !== undefined && !/^[\x21-\x7e]+$/.test(metricsToken)) {
    reader.fail('METRICS_TOKEN', 'must be printable ASCII without spaces (it is sent as a bearer token)');
  }
  const workerToken = reader.optionalString('WORKER_TOKEN', { secret: true, minLength: 16, maxLength: 512 });
  // Embedded defaults (no DATABASE_URL) run the whole platform in one command, worker included.
  const embeddedWorker = reader.bool('EMBEDDED_WORKER', database.kind === 'embedded');
  const replyWaitMs = reader.int('BOT_REPLY_WAIT_MS', 15_000, { min: 0, max: 600_000 });
  const replyTimeoutMs = reader.int('BOT_REPLY_TIMEOUT_MS', 120_000, { min: 1_000, max: 3_600_000 });
  const lostReplyAfterMs = Math.max(
    reader.int('BOT_LOST_REPLY_AFTER_MS', 300_000, { min: 1_000, max: 86_400_000 }),
    replyWaitMs + replyTimeoutMs + 1_000,
  );
  const webhooks = {
    allowPrivateNetworks: reader.bool('WEBHOOK_ALLOW_PRIVATE_NETWORKS', false),
    timeoutMs: reader.int('WEBHOOK_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    maxAttempts: reader.int('WEBHOOK_MAX_ATTEMPTS', 10, { min: 1, max: 50 }),
    retryBaseMs: reader.int('WEBHOOK_RETRY_BASE_MS', 10_000, { min: 1, max: 3_600_000 }),
    retryMaxMs: reader.int('WEBHOOK_RETRY_MAX_MS', 3_600_000, { min: 1, max: 86_400_000 }),
    pollIntervalMs: reader.int('WEBHOOK_POLL_INTERVAL_MS', 5_000, { min: 50, max: 600_000 }),
    concurrency: reader.int('WEBHOOK_CONCURRENCY', 8, { min: 1, max: 100 }),
    retentionDays: reader.int('WEBHOOK_RETENTION_DAYS', 30, { min: 1, max: 3650 }),
  };
  if (webhooks.retryMaxMs < webhooks.retryBaseMs) {
    reader.fail('WEBHOOK_RETRY_MAX_MS', `must be at least WEBHOOK_RETRY_BASE_MS (${webhooks.retryBaseMs})`);
  }
  const widget = {
    dir: path.resolve(reader.string('WIDGET_DIR', path.join(packageRoot(), 'dist', 'widget'))),
    demoPage: reader.bool('DEMO_PAGE', true),
  };
  const admin = { dir: path.resolve(reader.string('ADMIN_DIR', path.join(packageRoot(), 'dist', 'admin'))) };
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
  const allowedOrigins = readOrigins(reader, 'BOOTSTRAP_ALLOWED_ORIGINS');
  reader.assertValid();
  return deepFreeze({
    nodeEnv,
    http: { host, port, publicUrl: publicUrl.replace(/\/$/, ''), trustProxyHops },
    rateLimit,
    login,
    database,
    redisUrl,
    session: { secret: configuredSecret },
    log: { level, file: logFile === undefined ? undefined : path.resolve(logFile) },
    metrics: { token: metricsToken },
    workers: {
      // The embedded worker is our own child process: it gets a fresh random token when none is set.
      token: workerToken ?? (embeddedWorker ? randomBytes(32).toString('base64url') : undefined),
      embedded: embeddedWorker,
      replyWaitMs,
      replyTimeoutMs,
      lostReplyAfterMs,
    },
    webhooks,
    widget,
    admin,
    bootstrap: { workspaceName, adminEmail, adminPassword, allowedOrigins },
  });
}

/** The repository's root: the nearest folder above this file with a package.json (from dist/ or from source). */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      return process.cwd();
    }
    dir = parent;
  }
  return dir;
}

/** A comma-separated list of allowed-origin entries (see parseAllowedOrigin), canonical and deduplicated. */
function readOrigins(reader: EnvReader, name: string): string[] {
  const entries = reader
    .string(name, '', { maxLength: 10_000 })
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length > MAX_ALLOWED_ORIGINS) {
    reader.fail(name, `may list at most ${MAX_ALLOWED_ORIGINS} origins`);
  }
  const origins: string[] = [];
  for (const entry of entries) {
    const parsed = parseAllowedOrigin(entry);
    if (parsed.ok) {
      origins.push(parsed.origin);
    } else {
      reader.fail(name, `"${entry}" ${parsed.reason}`);
    }
  }
  return [...new Set(origins)];
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) {
      deepFreeze(child as object);
    }
  }
  return Object.freeze(value);
}
