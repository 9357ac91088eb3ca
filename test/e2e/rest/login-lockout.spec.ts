import { createHash, randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { UsersService } from '../../../apps/conversation-service/src/users/users.service';
import { WorkspacesService } from '../../../apps/conversation-service/src/workspaces/workspaces.service';
import { registerTestSecrets } from '../../support/test-logs';
import { startTestApp } from '../../support/test-app';

const PASSWORD = 'lockout user password 123';
const WRONG = 'not the password at all';
registerTestSecrets(PASSWORD, WRONG);

/** The per-IP login limit is another guard (tested in limits.spec.ts): out of the way here. */
const ENV = { RATE_LIMIT_LOGIN_PER_IP: '100000', LOGIN_FAILURE_DELAY_MS: '100' };

interface Attempt {
  status: number;
  body: Record<string, unknown>;
  retryAfter: string | undefined;
  ms: number;
}

async function login(app: NestExpressApplication, email: string, password: string): Promise<Attempt> {
  const started = performance.now();
  const response = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email, password });
  return {
    status: response.status,
    body: response.body as Record<string, unknown>,
    retryAfter: response.headers['retry-after'],
    ms: performance.now() - started,
  };
}

/** The answer without what differs on every request. */
function shape(attempt: Attempt): Record<string, unknown> {
  const { requestId, instance, ...rest } = attempt.body;
  expect(typeof requestId).toBe('string');
  expect(instance).toBe('/api/v1/auth/login');
  return { status: attempt.status, retryAfter: attempt.retryAfter === undefined ? 'none' : 'set', ...rest };
}

describe('login lockout per account (shared by replicas, the same for unknown e-mails)', () => {
  let appA: NestExpressApplication;
  let appB: NestExpressApplication;
  let workspaceId: string;

  beforeAll(async () => {
    appA = await startTestApp(undefined, ENV);
    appB = await startTestApp(undefined, ENV);
    workspaceId = (await appA.get(WorkspacesService).create({ name: `Lockout ${randomUUID().slice(0, 8)}` })).id;
  });

  afterAll(async () => {
    await appA.close();
    await appB.close();
  });

  const newUser = async (): Promise<string> => {
    const email = `lockout-${randomUUID()}@example.com`;
    registerTestSecrets(email);
    await appA
      .get(UsersService)
      .create(workspaceId, { email, displayName: 'Lockout', password: PASSWORD, role: 'agent' });
    return email;
  };
  const unknownEmail = (): string => {
    const email = `nobody-${randomUUID()}@example.com`;
    registerTestSecrets(email);
    return email;
  };

  /** Ten wrong passwords, then the right one: the answers, in order. */
  const tenFailuresThenRight = async (email: string): Promise<Attempt[]> => {
    const answers: Attempt[] = [];
    for (let i = 0; i < 10; i++) {
      answers.push(await login(appA, email, WRONG));
    }
    answers.push(await login(appA, email, PASSWORD));
    return answers;
  };

  it('should slow, then lock an account after 10 failures with 429 and Retry-After, the right password included', async () => {
    const answers = await tenFailuresThenRight(await newUser());
    expect(answers.slice(0, 10).map((answer) => answer.status)).toEqual(Array(10).fill(401));
    const locked = answers[10];
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ status: 429, code: 'LOGIN_LOCKED' });
    expect(Number(locked.retryAfter)).toBeGreaterThanOrEqual(899);
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(900);
    // Slowed: the tenth failure waits 7 steps of 100 ms before it answers (the first three wait none).
    expect(answers[9]?.ms).toBeGreaterThanOrEqual(700);
  });

  it('should answer an unknown e-mail exactly as a real account: same statuses, bodies and timing', async () => {
    const real = await tenFailuresThenRight(await newUser());
    const unknown = await tenFailuresThenRight(unknownEmail());
    expect(unknown.map(shape)).toEqual(real.map(shape));
    const total = (answers: Attempt[]) => answers.reduce((sum, answer) => sum + answer.ms, 0);
    const ratio = total(unknown) / total(real);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    // Locked answers check no password at all: fast for both.
    expect(unknown[10].ms).toBeLessThan(1000);
  });

  it('should start the count again after a successful login', async () => {
    const email = await newUser();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++) {
        expect((await login(appA, email, WRONG)).status).toBe(401);
      }
      // 9 + 9 failures would lock: the success in between reset the count.
      expect((await login(appA, email, PASSWORD)).status).toBe(200);
    }
  });

  it('should share the count and the lock between two replicas of the service', async () => {
    const email = await newUser();
    for (let i = 0; i < 5; i++) {
      expect((await login(appA, email, WRONG)).status).toBe(401);
      expect((await login(appB, email, WRONG)).status).toBe(401);
    }
    for (const app of [appA, appB]) {
      const locked = await login(app, email, PASSWORD);
      expect(locked.status).toBe(429);
      expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    }
  });

  it('should let no more than 10 of many parallel guesses through, across both replicas', async () => {
    const email = await newUser();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(i % 2 === 0 ? appA : appB, email, WRONG)),
    );
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(20);
  });

  it('should keep only an HMAC of the address, never the address or its plain digest', async () => {
    const email = await newUser();
    await login(appA, email, WRONG);
    const rows: { key_hash: string }[] = await appA.get(DataSource).query(`SELECT key_hash FROM login_throttles`);
    const plainDigest = createHash('sha256').update(email.toLowerCase()).digest('hex');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.key_hash).not.toBe(plainDigest);
    }
    const all = JSON.stringify(await appA.get(DataSource).query(`SELECT * FROM login_throttles`));
    expect(all).not.toContain(email);
  });

  it('should lift the lock once it has run out', async () => {
    const app = await startTestApp(undefined, {
      ...ENV,
      LOGIN_MAX_FAILURES: '3',
      LOGIN_FAILURE_WINDOW_SECONDS: '2',
      LOGIN_LOCK_SECONDS: '2',
    });
    try {
      const email = await newUser();
      for (let i = 0; i < 3; i++) {
        expect((await login(app, email, WRONG)).status).toBe(401);
      }
      const locked = await login(app, email, PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.retryAfter).toBe('2');
      await new Promise((resolve) => setTimeout(resolve, 2_200));
      expect((await login(app, email, PASSWORD)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
