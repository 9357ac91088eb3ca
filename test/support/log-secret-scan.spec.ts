import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findSecrets, scanLogDir } from './log-secret-scan';

describe(scanLogDir.name, () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neodesk-log-scan-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should find a planted secret the tests registered, and name the file and line without the secret', () => {
    const planted = 'planted secret value 7f3a9c';
    fs.writeFileSync(path.join(dir, 'secrets.txt'), `${planted}\nshort\n`);
    fs.writeFileSync(
      path.join(dir, 'app-1.log'),
      [
        JSON.stringify({ level: 30, msg: 'request completed', req: { headers: { authorization: '[redacted]' } } }),
        JSON.stringify({ level: 50, msg: `login failed for ${planted}` }),
        '',
      ].join('\n'),
    );
    const sut = scanLogDir(dir, path.join(dir, 'secrets.txt'));
    expect(sut).toMatchObject({ files: 1, lines: 2, knownSecrets: 1 });
    expect(sut.leaks).toEqual([
      {
        file: 'app-1.log',
        line: 2,
        kind: 'known-secret',
        excerpt: '{"level":50,"msg":"login failed for <KNOWN-SECRET>"}',
      },
    ]);
  });

  it('should pass the first-admin banner a person reads on the console, and nothing shaped like it in a log line', () => {
    // bootstrap.service.ts aligns the values: "E-mail:" then three spaces, "Password:" then one.
    expect(findSecrets('    E-mail:   admin@neodesk.local', [])).toEqual([]);
    expect(findSecrets('    Password: Kh-HUy9Mrrg4Hj0S_ZfN', [])).toEqual([]);
    expect(findSecrets('{"msg":"Password: Kh-HUy9Mrrg4Hj0S_ZfN"}', []).map((found) => found.kind)).toEqual([
      'password-field',
    ]);
  });

  it('should find secrets by their shape when no test registered them', () => {
    const key = `ndk_${'A1b2C3d4'.repeat(5)}xyz`;
    expect(findSecrets(`"authorization":"Bearer ${key}"`, []).map((f) => f.kind)).toEqual(['api-key', 'bearer']);
    expect(findSecrets('refresh ndr_0123456789abcdefghijKLMNOP', [])).toEqual([
      { kind: 'refresh-token', text: 'ndr_0123456789abcdefghijKLMNOP' },
    ]);
    expect(findSecrets('token v1.eyJ3b3Jrc3BhY2VJZCI6IndzLTEifQ.c2lnbmF0dXJlc2lnbmF0dXJl', [])[0]?.kind).toBe(
      'signed-token',
    );
    expect(findSecrets('{"msg":"invited jane.doe@example.com"}', [])).toEqual([
      { kind: 'e-mail', text: 'jane.doe@example.com' },
    ]);
    expect(findSecrets('{"body":{"password":"hunter2hunter2"}}', [])[0]?.kind).toBe('password-field');
  });

  it('should pass masked values, ids and figures', () => {
    const clean = [
      '{"msg":"Created workspace 0f0e4242-4242-4242-4242-424242424242 and admin [email]"}',
      '{"req":{"headers":{"authorization":"[redacted]","x-api-key":"[redacted]"}},"body":{"password":"[redacted]"}}',
      'Error: password: [password]',
      '{"msg":"key ndk_AbCdEfGh created","version":"v1.2.3","tokens":35}',
    ];
    expect(clean.flatMap((line) => findSecrets(line, []))).toEqual([]);
  });
});
