import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ModelListDto, WorkerHeartbeat, WorkerListDto } from '@neodesk/contracts';
import request from 'supertest';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { baseUrl } from '../../support/realtime-clients';
import { type RestTenant, newRestTenant } from '../../support/rest-clients';
import { ScriptedWorker } from '../../support/scripted-worker';
import { startTestApp } from '../../support/test-app';
import { TEST_WORKER_TOKEN } from '../../support/worker-process';

describe('REST /api/v1/workers and /api/v1/models', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  const workers: ScriptedWorker[] = [];

  beforeAll(async () => {
    app = await startTestApp(undefined, { WORKER_TOKEN: TEST_WORKER_TOKEN });
    tenant = await newRestTenant(app);
  });

  afterEach(async () => {
    workers.splice(0).forEach((worker) => worker.close());
    await eventually(async () => expect((await listWorkers()).data).toEqual([]));
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const listWorkers = async (token = tenant.keys.read): Promise<WorkerListDto> =>
    (await http().get('/api/v1/workers').auth(token, { type: 'bearer' }).expect(200)).body as WorkerListDto;
  const listModels = async (token = tenant.keys.read): Promise<ModelListDto> =>
    (await http().get('/api/v1/models').auth(token, { type: 'bearer' }).expect(200)).body as ModelListDto;

  const connect = (): ScriptedWorker => {
    const worker = new ScriptedWorker(baseUrl(app), TEST_WORKER_TOKEN);
    workers.push(worker);
    return worker;
  };
  const registerAs = async (worker: ScriptedWorker, modelId: string, provider: string): Promise<void> => {
    const ack = await worker.socket.emitWithAck('worker:register', {
      host: `${provider}-host`,
      pid: 77,
      modelId,
      modelVersion: 'v2',
      provider,
      decoder: 'fused',
      maxBatchSize: 8,
      maxQueued: 16,
      maxSequenceLength: 1024,
    });
    expect(ack.ok).toBe(true);
  };
  const heartbeat = (worker: ScriptedWorker, figures: WorkerHeartbeat): void => {
    worker.socket.emit('worker:heartbeat', figures);
  };

  it('should answer empty lists while no worker is connected', async () => {
    expect(await listWorkers()).toEqual({ data: [] });
    expect(await listModels()).toEqual({ data: [] });
  });

  it('should list each registered worker with its registration and heartbeat figures', async () => {
    const first = connect();
    await first.register('cpu-box', 4);
    const second = connect();
    await registerAs(second, 'scripted-model', 'cuda');
    // Connected but not registered: not a worker yet.
    connect();
    heartbeat(second, {
      running: 3,
      waiting: 1,
      tokensGenerated: 1200,
      timeToFirstTokenP50Ms: 40.5,
      interTokenP50Ms: 8.25,
      meanBatchSize: 2.5,
    });
    await eventually(async () => expect(byHost(await listWorkers())[1]?.running).toBe(3));
    const data = byHost(await listWorkers());
    expect(data).toEqual([
      {
        id: expect.any(String),
        host: 'cpu-box',
        pid: 0,
        modelId: 'scripted-model',
        modelVersion: 'v1',
        provider: 'none',
        decoder: 'none',
        maxBatchSize: 4,
        maxQueued: 0,
        maxSequenceLength: 512,
        connectedAt: expect.any(String),
        lastSeenAt: expect.any(String),
        running: null,
        waiting: null,
        assignedJobs: 0,
        tokensGenerated: null,
        timeToFirstTokenP50Ms: null,
        interTokenP50Ms: null,
        meanBatchSize: null,
      },
      {
        id: expect.any(String),
        host: 'cuda-host',
        pid: 77,
        modelId: 'scripted-model',
        modelVersion: 'v2',
        provider: 'cuda',
        decoder: 'fused',
        maxBatchSize: 8,
        maxQueued: 16,
        maxSequenceLength: 1024,
        connectedAt: expect.any(String),
        lastSeenAt: expect.any(String),
        running: 3,
        waiting: 1,
        assignedJobs: 0,
        tokensGenerated: 1200,
        timeToFirstTokenP50Ms: 40.5,
        interTokenP50Ms: 8.25,
        meanBatchSize: 2.5,
      },
    ]);
    expect(data[0].id).not.toBe(data[1].id);
    // Longest connected first.
    expect((await listWorkers()).data.map((worker) => Date.parse(worker.connectedAt))).toEqual(
      data.map((worker) => Date.parse(worker.connectedAt)).sort((a, b) => a - b),
    );
  });

  it('should group the models in use by id and version, adding up their workers', async () => {
    const [a, b, c] = [connect(), connect(), connect()];
    await registerAs(a, 'support-neo', 'cpu');
    await registerAs(b, 'support-neo', 'cuda');
    await registerAs(c, 'another-model', 'cpu');
    heartbeat(a, { running: 1, waiting: 0, tokensGenerated: 10, ...noTimings });
    heartbeat(b, { running: 2, waiting: 5, tokensGenerated: 32, ...noTimings });
    await eventually(async () => expect((await listModels()).data[1]?.running).toBe(3));
    expect((await listModels()).data).toEqual([
      {
        modelId: 'another-model',
        modelVersion: 'v2',
        workers: 1,
        providers: ['cpu'],
        decoders: ['fused'],
        maxSequenceLength: 1024,
        maxBatchSize: 8,
        running: 0,
        waiting: 0,
        tokensGenerated: 0,
      },
      {
        modelId: 'support-neo',
        modelVersion: 'v2',
        workers: 2,
        providers: ['cpu', 'cuda'],
        decoders: ['fused'],
        maxSequenceLength: 1024,
        maxBatchSize: 16,
        running: 3,
        waiting: 5,
        tokensGenerated: 42,
      },
    ]);
  });

  it('should drop a worker that leaves', async () => {
    const [stays, leaves] = [connect(), connect()];
    await stays.register('stays');
    await leaves.register('leaves');
    expect(byHost(await listWorkers()).map((worker) => worker.host)).toEqual(['leaves', 'stays']);
    leaves.close();
    await eventually(async () => expect((await listWorkers()).data.map((worker) => worker.host)).toEqual(['stays']));
  });

  it('should show the shared workers to every workspace, and nothing of any workspace', async () => {
    const other = await newRestTenant(app);
    await connect().register('shared');
    const mine = await listWorkers();
    expect(await listWorkers(other.keys.read)).toEqual(mine);
    expect(JSON.stringify(mine)).not.toContain(tenant.workspace.id);
  });

  it('should refuse without credentials and with a revoked key; any scope may read', async () => {
    const revoked = await app.get(ApiKeysService).create(tenant.workspace.id, null, { name: 'r', scopes: ['admin'] });
    await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
    for (const path of ['/api/v1/workers', '/api/v1/models']) {
      expect((await http().get(path).expect(401)).body.code).toBe('AUTH_MISSING_CREDENTIALS');
      expect((await http().get(path).auth(revoked.key, { type: 'bearer' }).expect(401)).body.code).toBe(
        'AUTH_INVALID_API_KEY',
      );
      for (const token of [tenant.keys.read, tenant.keys.write, tenant.keys.admin, tenant.agent.accessToken]) {
        await http().get(path).auth(token, { type: 'bearer' }).expect(200);
      }
    }
  });
});

const byHost = (list: WorkerListDto) => [...list.data].sort((a, b) => a.host.localeCompare(b.host));

const noTimings = { timeToFirstTokenP50Ms: null, interTokenP50Ms: null, meanBatchSize: null };

async function eventually(check: () => Promise<void>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
