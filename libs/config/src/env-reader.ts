import { ConfigError, ConfigIssue } from './config-error';

export type Env = Readonly<Record<string, string | undefined>>;

interface VarOptions {
  /** Never echo the value back in an error message. */
  secret?: boolean;
}

/**
 * Reads variables one at a time and collects every problem, so a bad environment is reported
 * in one message instead of one restart per variable.
 */
export class EnvReader {
  private readonly issues: ConfigIssue[] = [];

  constructor(private readonly env: Env) {}

  /** Throws a ConfigError listing every problem seen so far. */
  assertValid(): void {
    if (this.issues.length > 0) {
      throw new ConfigError(this.issues);
    }
  }

  string(
    name: string,
    fallback: string,
    options: VarOptions & { minLength?: number; maxLength?: number } = {},
  ): string {
    const raw = this.raw(name);
    if (raw === undefined) {
      return fallback;
    }
    return this.checkLength(name, raw, options) ?? fallback;
  }

  optionalString(
    name: string,
    options: VarOptions & { minLength?: number; maxLength?: number } = {},
  ): string | undefined {
    const raw = this.raw(name);
    if (raw === undefined) {
      return undefined;
    }
    return this.checkLength(name, raw, options);
  }

  int(name: string, fallback: number, range: { min: number; max: number }): number {
    const raw = this.raw(name);
    if (raw === undefined) {
      return fallback;
    }
    if (!/^-?\d+$/.test(raw)) {
      this.fail(name, `must be a whole number between ${range.min} and ${range.max} (got "${raw}")`);
      return fallback;
    }
    const value = Number(raw);
    if (value < range.min || value > range.max) {
      this.fail(name, `must be between ${range.min} and ${range.max} (got ${value})`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (raw === undefined) {
      return fallback;
    }
    const normalized = raw.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(normalized)) {
      return true;
    }
    if (['false', '0', 'no', 'off'].includes(normalized)) {
      return false;
    }
    this.fail(name, `must be one of true, false, 1, 0, yes, no (got "${raw}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) {
      return fallback;
    }
    const match = allowed.find((candidate) => candidate === raw.toLowerCase());
    if (match === undefined) {
      this.fail(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return match;
  }

  /** A URL whose scheme is in `protocols` (e.g. ['postgres:', 'postgresql:']). */
  optionalUrl(name: string, protocols: readonly string[], options: VarOptions = {}): string | undefined {
    const raw = this.raw(name);
    if (raw === undefined) {
      return undefined;
    }
    const shown = options.secret ? '' : ` (got "${redactUrl(raw)}")`;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      this.fail(name, `must be a URL of the form ${protocols[0]}//host:port/...${shown}`);
      return undefined;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.fail(name, `must use one of the schemes ${protocols.join(' ')}${shown}`);
      return undefined;
    }
    if (parsed.hostname === '') {
      this.fail(name, `must name a host${shown}`);
      return undefined;
    }
    return raw;
  }

  /** Lets callers report cross-variable problems in the same message. */
  fail(variable: string, problem: string): void {
    this.issues.push({ variable, problem });
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    // An empty variable (FOO=) means "not set", as in most twelve-factor tools.
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  private checkLength(
    name: string,
    raw: string,
    options: VarOptions & { minLength?: number; maxLength?: number },
  ): string | undefined {
    if (options.minLength !== undefined && raw.length < options.minLength) {
      this.fail(name, `must be at least ${options.minLength} characters long`);
      return undefined;
    }
    if (options.maxLength !== undefined && raw.length > options.maxLength) {
      this.fail(name, `must be at most ${options.maxLength} characters long`);
      return undefined;
    }
    return raw;
  }
}

/** Hides the password of a connection URL so it can be logged or shown in an error. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password !== '') {
      url.password = '***';
    }
    return url.toString();
  } catch {
    return '[unparseable URL]';
  }
}
