import fs from 'node:fs';
import path from 'node:path';

/** One log line that holds a secret: where it is and what kind, never the secret itself. */
export interface LogLeak {
  file: string;
  line: number;
  kind: string;
  /** The line, cut to 300 characters, with the secret replaced by `<KIND>`. */
  excerpt: string;
}

export interface LogScanResult {
  files: number;
  lines: number;
  knownSecrets: number;
  leaks: LogLeak[];
}

/** Shapes of secrets whatever test made them: the project's key and token formats, bearer values, e-mails. */
const PATTERNS: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  { kind: 'api-key', pattern: /\bndk_[A-Za-z0-9_-]{20,}/g },
  { kind: 'refresh-token', pattern: /\bndr_[A-Za-z0-9_-]{20,}/g },
  { kind: 'signed-token', pattern: /\bv1\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  { kind: 'bearer', pattern: /\bBearer\s+(?!\[redacted\])[A-Za-z0-9\-._~+/]{8,}=*/gi },
  { kind: 'e-mail', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // A password field with a value that is not a mask: "password":"x", password=x, password: x.
  {
    kind: 'password-field',
    pattern: /\b(?:password|passwd|pwd)\b"?\s*[:=]\s*"?(?!\[[a-z]+\]|\*{3}|"|\s|$|\(the value of)[^\s",}]+/gi,
  },
];

/**
 * The first-admin banner the service prints once on the console, by design, for a person to read
 * (bootstrap.service.ts): not a log line.
 */
const CONSOLE_BANNER = /^ {4}(?:E-mail|Password): +\S/;

/** The kinds of secret in one line, each with the text that matched. */
export function findSecrets(line: string, knownSecrets: readonly string[]): Array<{ kind: string; text: string }> {
  if (CONSOLE_BANNER.test(line)) {
    return [];
  }
  const found: Array<{ kind: string; text: string }> = [];
  for (const secret of knownSecrets) {
    if (line.includes(secret)) {
      found.push({ kind: 'known-secret', text: secret });
    }
  }
  for (const { kind, pattern } of PATTERNS) {
    for (const match of line.matchAll(pattern)) {
      found.push({ kind, text: match[0] });
    }
  }
  return found;
}

export function scanLogText(file: string, text: string, knownSecrets: readonly string[]): LogLeak[] {
  const leaks: LogLeak[] = [];
  text.split('\n').forEach((line, index) => {
    const found = findSecrets(line, knownSecrets);
    if (found.length === 0) {
      return;
    }
    let excerpt = line;
    for (const { kind, text: secret } of found) {
      excerpt = excerpt.split(secret).join(`<${kind.toUpperCase()}>`);
    }
    leaks.push({
      file,
      line: index + 1,
      kind: [...new Set(found.map((f) => f.kind))].join(','),
      excerpt: excerpt.slice(0, 300),
    });
  });
  return leaks;
}

/** Scans every `*.log` file in `dir` for the secrets listed in `secretsFile` and for secret shapes. */
export function scanLogDir(dir: string, secretsFile: string): LogScanResult {
  const knownSecrets = fs.existsSync(secretsFile)
    ? [
        ...new Set(
          fs
            .readFileSync(secretsFile, 'utf8')
            .split('\n')
            .filter((secret) => secret.length >= 8),
        ),
      ]
    : [];
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.log')) : [];
  let lines = 0;
  const leaks: LogLeak[] = [];
  for (const name of files) {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    lines += text.split('\n').filter((line) => line !== '').length;
    leaks.push(...scanLogText(name, text, knownSecrets));
  }
  return { files: files.length, lines, knownSecrets: knownSecrets.length, leaks };
}
