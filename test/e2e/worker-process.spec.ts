import { ServiceProcess, WORKER_MAIN, exitWithin, freePort } from '../support/service-process';

describe('the inference worker process', () => {
  it('should load and warm up the bundled model, report ready, and stop cleanly on SIGTERM', async () => {
    // No service listens there: the worker still gets ready, keeps trying to join, and stops cleanly.
    const worker = new ServiceProcess(WORKER_MAIN, {
      INFERENCE_DEVICE: 'cpu',
      SERVICE_URL: `http://127.0.0.1:${await freePort()}`,
      WORKER_TOKEN: 'worker process spec token',
    });
    const deadline = Date.now() + 30_000;
    while (!worker.stdout.includes('Inference worker ready') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(worker.stdout).toMatch(/Model neodesk-support-gpt-neo \([0-9a-f]{12}\) ready on cpu/);
    expect(worker.stdout).toContain('Inference worker ready (device cpu');
    expect(await worker.stop()).toBe(0);
  });

  it('should refuse a folder that is not a model and a device it does not know', async () => {
    const worker = new ServiceProcess(WORKER_MAIN, { MODEL_DIR: '/tmp', INFERENCE_DEVICE: 'tpu' });
    expect(await exitWithin(worker, 20_000)).toBe(1);
    expect(worker.stderr).toContain('INFERENCE_DEVICE: must be one of auto, cpu, webgpu, cuda (got "tpu")');
    const noModel = new ServiceProcess(WORKER_MAIN, { MODEL_DIR: '/tmp' });
    expect(await exitWithin(noModel, 20_000)).toBe(1);
    expect(noModel.stderr).toContain('/tmp/config.json: missing from the model folder');
  });

  it('should refuse to start without the worker token it needs to join the service', async () => {
    const worker = new ServiceProcess(WORKER_MAIN, { INFERENCE_DEVICE: 'cpu' });
    expect(await exitWithin(worker, 30_000)).toBe(1);
    expect(worker.stderr).toContain('WORKER_TOKEN: is required to join the service gateway');
  });
});
