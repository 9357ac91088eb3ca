import path from 'node:path';
import { ConfigError } from '@neodesk/config';
import { MIN_SESSION_SECRET_LENGTH, loadAppConfig } from './app-config';

describe(loadAppConfig.name, () => {
  it('should default to port 3000, loopback, the embedded database under ./data and info logs', () => {
    const sut = loadAppConfig({});
    expect(sut.http).toEqual({ host: '127.0.0.1', port: 3000, publicUrl: 'http://127.0.0.1:3000', trustProxyHops: 0 });
    expect(sut.metrics).toEqual({ token: undefined });
    expect(sut.database).toEqual({ kind: 'embedded', dataDir: path.resolve('./data'), migrateOnStart: true });
    expect(sut.redisUrl).toBeUndefined();
    expect(sut.log.level).toBe('info');
    expect(sut.bootstrap).toEqual({
      workspaceName: 'Default workspace',
      adminEmail: 'admin@neodesk.local',
      adminPassword: undefined,
      allowedOrigins: [],
    });
  });

  it('should use an external server when DATABASE_URL is set', () => {
    const sut = loadAppConfig({
      DATABASE_URL: 'postgresql://app:pw@db:5432/neodesk',
      DATABASE_POOL_SIZE: '20',
      DATABASE_MIGRATE_ON_START: 'false',
      REDIS_URL: 'redis://cache:6379',
    });
    expect(sut.database).toEqual({
      kind: 'external',
      url: 'postgresql://app:pw@db:5432/neodesk',
      poolSize: 20,
      connectTimeoutMs: 5000,
      connectRetries: 2,
      migrateOnStart: false,
    });
    expect(sut.redisUrl).toBe('redis://cache:6379');
  });

  it('should be frozen so nothing changes it after start-up', () => {
    const sut = loadAppConfig({});
    expect(Object.isFrozen(sut)).toBe(true);
    expect(Object.isFrozen(sut.http)).toBe(true);
  });

  it('should report every bad variable at once, naming it and what is allowed', () => {
    let error: unknown;
    try {
      loadAppConfig({
        PORT: '70000',
        REDIS_URL: 'http://cache',
        BOOTSTRAP_ADMIN_PASSWORD: 'short',
        DATABASE_POOL_SIZE: 'ten',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((issue) => issue.variable)).toEqual([
      'PORT',
      'DATABASE_POOL_SIZE',
      'REDIS_URL',
      'BOOTSTRAP_ADMIN_PASSWORD',
    ]);
    expect((error as ConfigError).message).toContain('PORT: must be between 0 and 65535 (got 70000)');
  });

  it('should never echo secret values in its errors', () => {
    expect(() => loadAppConfig({ DATABASE_URL: 'mysql://root:topsecret@db/x' })).toThrow(ConfigError);
    try {
      loadAppConfig({ DATABASE_URL: 'mysql://root:topsecret@db/x', BOOTSTRAP_ADMIN_PASSWORD: 'tiny' });
    } catch (error) {
      expect((error as Error).message).not.toContain('topsecret');
      expect((error as Error).message).not.toContain('tiny');
    }
  });

  it('should leave the session secret to the database when SESSION_SECRET is unset', () => {
    expect(loadAppConfig({}).session).toEqual({ secret: undefined });
  });

  it('should use SESSION_SECRET when set and refuse one shorter than 32 characters without echoing it', () => {
    const secret = 's'.repeat(MIN_SESSION_SECRET_LENGTH);
    expect(loadAppConfig({ SESSION_SECRET: secret }).session).toEqual({ secret });
    let error: unknown;
    try {
      loadAppConfig({ SESSION_SECRET: 'too-short-secret' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.variable)).toEqual(['SESSION_SECRET']);
    expect((error as Error).message).not.toContain('too-short-secret');
  });

  it('should treat an empty variable as unset', () => {
    expect(loadAppConfig({ DATABASE_URL: '', PORT: ' ' }).database.kind).toBe('embedded');
  });

  it('should read BOOTSTRAP_ALLOWED_ORIGINS as canonical origins and name every bad entry', () => {
    expect(
      loadAppConfig({ BOOTSTRAP_ALLOWED_ORIGINS: ' https://Shop.example.com/ ,https://*.example.org,,' }).bootstrap
        .allowedOrigins,
    ).toEqual(['https://shop.example.com', 'https://*.example.org']);
    let error: unknown;
    try {
      loadAppConfig({ BOOTSTRAP_ALLOWED_ORIGINS: 'https://ok.example, shop.example.com, https://x.example/path' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('shop.example.com');
    expect((error as ConfigError).message).toContain('https://x.example/path');
  });
});
