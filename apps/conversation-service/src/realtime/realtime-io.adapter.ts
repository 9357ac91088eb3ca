import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { MAX_REALTIME_PAYLOAD_BYTES } from '@neodesk/contracts';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';

/** What dispose() needs of a node-redis client. */
interface ClosableClient {
  close(): Promise<unknown>;
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
    const pubClient = createClient({ url: this.redisUrl });
    const subClient = pubClient.duplicate();
    for (const client of [pubClient, subClient]) {
      // node-redis throws on an 'error' event without a listener; it reconnects on its own.
      client.on('error', (error: unknown) => this.logger.error({ err: error }, 'Redis adapter connection error'));
      this.redisClients.push(client);
    }
    await Promise.all([pubClient.connect(), subClient.connect()]);
    this.adapterConstructor = createAdapter(pubClient, subClient);
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
    await Promise.all(this.redisClients.splice(0).map((client) => client.close().catch(() => undefined)));
  }
}
