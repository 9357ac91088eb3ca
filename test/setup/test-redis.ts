import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

/** The environment variable through which global setup hands the Redis URL to the test workers. */
export const TEST_REDIS_URL_ENV = 'NEODESK_TEST_REDIS_URL';

/**
 * A Redis for the tests that need one (the socket.io adapter across replicas, shared rate limits): the
 * one named by REDIS_URL, else one on 127.0.0.1:6379, else a private redis-server started for the run on a
 * free port (stopped by `stop`). Without any, the URL stays unset and those tests fail saying so.
 */
export async function provideTestRedis(): Promise<{ url: string | undefined; stop(): Promise<void> }> {
  const none = { stop: () => Promise.resolve() };
  const configured = process.env.REDIS_URL;
  if (configured !== undefined && configured !== '') {
    return { url: configured, ...none };
  }
  if (await reachable(6379)) {
    return { url: 'redis://127.0.0.1:6379', ...none };
  }
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    process.stderr.write('No Redis on 127.0.0.1:6379 and no redis-server to start: the Redis tests will fail.\n');
    return { url: undefined, ...none };
  }
  const port = await freePort();
  const server: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let tries = 0; tries < 50 && !(await reachable(port)); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
      }),
  };
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.end('PING\r\n');
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
