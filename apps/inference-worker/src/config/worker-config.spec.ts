import path from 'node:path';
import { ConfigError } from '@neodesk/config';
import { engineOptionsFrom } from '../engine-options';
import { loadWorkerConfig } from './worker-config';

describe(loadWorkerConfig.name, () => {
  it('should default to the bundled model on the best available device', () => {
    const sut = loadWorkerConfig({});
    expect(sut).toMatchObject({
      serviceUrl: 'http://127.0.0.1:3000',
      modelDir: path.resolve('models/neodesk-support-gpt-neo'),
      device: 'auto',
      onnxFile: undefined,
      decoder: 'auto',
      maxBatchSize: 16,
      maxQueued: 64,
      maxSequenceLength: 0,
      cpuThreads: 0,
      knowledgePassages: 'auto',
      dtype: 'fp32',
      cacheDir: undefined,
    });
    expect(sut.workerToken).toBeUndefined();
  });

  it('should name every bad variable and keep secrets out of the message', () => {
    let error: unknown;
    try {
      loadWorkerConfig({
        INFERENCE_DEVICE: 'tpu',
        INFERENCE_MAX_BATCH: '0',
        INFERENCE_KNOWLEDGE_PASSAGES: 'yes',
        INFERENCE_DTYPE: 'int3',
        MODEL_ONNX_FILE: '../../etc/passwd',
        WORKER_TOKEN: 'short-secret',
        SERVICE_URL: 'ftp://service',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).issues.map((issue) => issue.variable).sort();
    expect(variables).toEqual([
      'INFERENCE_DEVICE',
      'INFERENCE_DTYPE',
      'INFERENCE_KNOWLEDGE_PASSAGES',
      'INFERENCE_MAX_BATCH',
      'MODEL_ONNX_FILE',
      'SERVICE_URL',
      'WORKER_TOKEN',
    ]);
    expect((error as Error).message).not.toContain('short-secret');
  });

  it('should leave knowledge passages to the model config unless told on or off', () => {
    expect(engineOptionsFrom(loadWorkerConfig({})).knowledgePassages).toBeUndefined();
    expect(engineOptionsFrom(loadWorkerConfig({ INFERENCE_KNOWLEDGE_PASSAGES: 'on' })).knowledgePassages).toBe(true);
    expect(engineOptionsFrom(loadWorkerConfig({ INFERENCE_KNOWLEDGE_PASSAGES: 'off' })).knowledgePassages).toBe(false);
  });

  it('should pass the weight dtype and the cache directory to the engine', () => {
    expect(engineOptionsFrom(loadWorkerConfig({})).weightDtype).toBe('fp32');
    const options = engineOptionsFrom(loadWorkerConfig({ INFERENCE_DTYPE: 'auto', INFERENCE_CACHE_DIR: 'cache' }));
    expect(options.weightDtype).toBe('auto');
    expect(options.cacheDir).toBe(path.resolve('cache'));
  });
});
