import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { redactUrl } from '@neodesk/config';
import { createClient } from 'redis';

const START_RETRIES = 3;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// A fixed window per key; going over the limit blocks the key for blockMs and starts a new window after.
// Both keys share a hash tag, so the script also runs on a Redis Cluster.
const INCREMENT = `
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]), 1, blocked}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}`;

/** Rate-limit counters in Redis, so every replica counts the same requests (used when REDIS_URL is set). */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly client: ReturnType<typeof createClient>;
  private started = false;
  private connecting: Promise<void> | undefined;

  constructor(private readonly url: string) {
    this.client = createClient({
      url,
      socket: {
        // As the gateway's adapter: give up at start-up, reconnect forever once running.
        reconnectStrategy: (retries: number, cause: Error) =>
          !this.started && retries >= START_RETRIES ? new Error(cause.message) : Math.min(100 * 2 ** retries, 5000),
      },
    });
    // node-redis throws on an 'error' event without a listener; it reconnects on its own.
    this.client.on('error', (error: unknown) => this.logger.error({ err: error }, 'Rate-limit Redis connection error'));
  }

  /** Connects at start-up, failing it with a clear error instead of counting nothing. */
  onModuleInit(): Promise<void> {
    // Nest calls this once per module that provides the instance (ours, and the throttler's).
    this.connecting ??= this.connect();
    return this.connecting;
  }

  private async connect(): Promise<void> {
    try {
      await this.client.connect();
    } catch (error) {
      throw new Error(
        `Cannot reach Redis at ${redactUrl(this.url)} (REDIS_URL): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    this.started = true;
  }

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `neodesk:rate-limit:{${throttlerName}:${key}}`;
    const reply = (await this.client.eval(INCREMENT, {
      keys: [`${base}:hits`, `${base}:blocked`],
      arguments: [String(ttlMs), String(limit), String(blockDurationMs)],
    })) as [number, number, number, number];
    const [totalHits, ttlLeftMs, blocked, blockLeftMs] = reply;
    return {
      totalHits,
      timeToExpire: Math.max(0, Math.ceil(ttlLeftMs / 1000)),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.max(0, Math.ceil(blockLeftMs / 1000)),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client.isReady) {
      await this.client.close();
    } else if (this.client.isOpen) {
      this.client.destroy();
    }
  }
}
