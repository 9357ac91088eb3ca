import { ServiceProcess, WORKER_MAIN, exitWithin } from '../support/service-process';

describe('the inference worker process', () => {
  it('should load and warm up the bundled model, report ready, and stop cleanly on SIGTERM', async () => {
    const worker = new ServiceProcess(WORKER_MAIN, { INFERENCE_DEVICE: 'cpu' });
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
});
