import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { redactUrl } from '@neodesk/config';
import { MAX_REALTIME_PAYLOAD_BYTES } from '@neodesk/contracts';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';

const START_RETRIES = 3;
const CLUSTER_REQUEST_TIMEOUT_MS = 2_000;

/** What dispose() needs of a node-redis client. */
interface ClosableClient {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  close(): Promise<unknown>;
  destroy(): void;
}

/**
 * socket.io for the gateway: websocket transport only (no long-polling sessions to pin to a replica),
 * a packet size cap, and, when REDIS_URL is set, the Redis adapter so rooms span every replica.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly logger = new Logger(RealtimeIoAdapter.name);
  private adapterConstructor: ReturnType<typeof createAdapter> | undefined;
  private readonly redisClients: ClosableClient[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string | undefined,
  ) {
    super(app);
  }

  /** Connects the Redis publisher and subscriber; a no-op without REDIS_URL. */
  async connectToRedis(): Promise<void> {
    if (this.redisUrl === undefined) {
      return;
    }
    let started = false;
    const pubClient = createClient({
      url: this.redisUrl,
      socket: {
        // Give up at start-up with a clear error instead of hanging; once running, reconnect forever.
        // A new Error, not `cause`: node-redis tests `instanceof Error`, which fails across realms (jest).
        reconnectStrategy: (retries: number, cause: Error) =>
          !started && retries >= START_RETRIES ? new Error(cause.message) : Math.min(100 * 2 ** retries, 5000),
      },
    });
    const subClient = pubClient.duplicate();
    for (const client of [pubClient, subClient]) {
      // node-redis throws on an 'error' event without a listener; it reconnects on its own.
      client.on('error', (error: unknown) => this.logger.error({ err: error }, 'Redis adapter connection error'));
      this.redisClients.push(client);
    }
    try {
      await Promise.all([pubClient.connect(), subClient.connect()]);
    } catch (error) {
      await this.dispose();
      throw new Error(
        `Cannot reach Redis at ${redactUrl(this.redisUrl)} (REDIS_URL): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    started = true;
    // The adapter publishes every broadcast without awaiting it. While Redis is away node-redis queues the
    // command and rejects it after its timeout, and one such unhandled rejection would end the process (the
    // soak's redis-outage run saw both replicas exit after 5 s). Each replica keeps serving its own clients
    // instead; that other replicas miss events during the outage is logged once per outage.
    const publish = pubClient.publish.bind(pubClient);
    let publishFailing = false;
    pubClient.on('ready', () => (publishFailing = false));
    // node-redis types the command as read-only; the adapter calls this instance's `publish`.
    Object.defineProperty(pubClient, 'publish', {
      value: (...args: Parameters<typeof publish>) =>
        publish(...args).catch((error: unknown) => {
          if (!publishFailing) {
            publishFailing = true;
            this.logger.error({ err: error }, 'Redis publish failed: other replicas miss events until Redis is back');
          }
          return 0;
        }),
    });
    // Bounds how long a replica waits for the others (fetchSockets, server-side acks).
    this.adapterConstructor = createAdapter(pubClient, subClient, { requestsTimeout: CLUSTER_REQUEST_TIMEOUT_MS });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      transports: ['websocket'],
      maxHttpBufferSize: MAX_REALTIME_PAYLOAD_BYTES,
    }) as Server;
    if (this.adapterConstructor !== undefined) {
      server.adapter(this.adapterConstructor);
    }
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    for (const client of this.redisClients.splice(0)) {
      if (client.isReady) {
        await client.close();
      } else if (client.isOpen) {
        // Still trying to connect: close() would wait for a connection that may never come.
        client.destroy();
      }
    }
  }
}
