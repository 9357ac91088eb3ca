import { TEST_REDIS_URL_ENV } from '../setup/test-redis';

/** The Redis global setup found or started for this run. */
export function testRedisUrl(): string {
  const url = process.env[TEST_REDIS_URL_ENV];
  if (url === undefined || url === '') {
    throw new Error('This test needs Redis: run redis-server on 127.0.0.1:6379, install it, or set REDIS_URL');
  }
  return url;
}
