/**
 * @jest-environment ./libs/inference/src/testing/onnxruntime-node.environment.ts
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { BUNDLED_MODEL_DIR, FIXTURES_DIR } from './__fixtures__/bundled-model';
import { ModelLoadError, ModelLoadErrorCode } from './model-load.error';
import { LoadedModel, ModelFolderLoader, REQUIRED_MODEL_FILES } from './model-folder.loader';

type ConfigJson = Record<string, unknown>;

// A copy of the bundled folder made of symlinks, so a spec can break one file cheaply.
async function folderCopy(root: string, without: readonly string[] = []): Promise<string> {
  const dir = await mkdtemp(join(root, 'model-'));
  await mkdir(join(dir, 'onnx'));
  for (const file of REQUIRED_MODEL_FILES) {
    if (!without.includes(file)) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await symlink(join(BUNDLED_MODEL_DIR, file), join(dir, file));
    }
  }
  return dir;
}

async function replaceFile(dir: string, file: string, content: string | Buffer): Promise<void> {
  await rm(join(dir, file));
  await writeFile(join(dir, file), content);
}

async function editConfig(dir: string, edit: (config: ConfigJson) => ConfigJson): Promise<void> {
  const config = JSON.parse(await readFile(join(BUNDLED_MODEL_DIR, 'config.json'), 'utf8')) as ConfigJson;
  await replaceFile(dir, 'config.json', JSON.stringify(edit(config)));
}

async function loadError(promise: Promise<LoadedModel>): Promise<ModelLoadError> {
  try {
    const model = await promise;
    await model.decoder.session.release();
  } catch (error) {
    if (error instanceof ModelLoadError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ModelLoadError, but the folder loaded');
}

describe(ModelFolderLoader.name, () => {
  const sut = new ModelFolderLoader();
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'neodesk-model-loader-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('should load the bundled model with its config, tokenizer and session', async () => {
    const model = await sut.load(BUNDLED_MODEL_DIR);
    try {
      expect(model.config).toMatchObject({
        vocabSize: 50257,
        eosTokenId: 50256,
        numLayers: 8,
        numHeads: 4,
        hiddenSize: 64,
      });
      expect(model.decoder.session.outputNames).toHaveLength(1 + 2 * model.config.numLayers);
      expect(model.config.maxPositionEmbeddings).toBeGreaterThanOrEqual(512);
      expect(model.config.attentionLayers.slice(0, 2)).toEqual(['global', 'local']);
      expect(model.generation.eosTokenId).toBe(50256);
      expect(model.tokenizer.vocabSize).toBe(50257);
      expect(model.decoder.session.inputNames.slice(0, 3)).toEqual(['input_ids', 'attention_mask', 'position_ids']);
    } finally {
      await model.decoder.session.release();
    }
  });

  it('should report a folder that does not exist', async () => {
    const error = await loadError(sut.load(join(root, 'nope')));

    expect(error.code).toBe(ModelLoadErrorCode.FolderNotFound);
    expect(error.message).toContain('nope');
  });

  it.each(['onnx/model.onnx', 'tokenizer.json', 'config.json', 'generation_config.json'])(
    'should name %s when it is missing',
    async (file) => {
      const dir = await folderCopy(root, [file]);

      const error = await loadError(sut.load(dir));

      expect(error.code).toBe(ModelLoadErrorCode.FileMissing);
      expect(error.file).toBe(join(dir, file));
      expect(error.message).toContain(file);
    },
  );

  it('should reject a config.json that is not JSON', async () => {
    const dir = await folderCopy(root);
    await replaceFile(dir, 'config.json', '{"model_type": "gpt_neo",');

    const error = await loadError(sut.load(dir));

    expect(error.code).toBe(ModelLoadErrorCode.InvalidConfig);
    expect(error.message).toContain('config.json');
  });

  it('should reject a model that is not GPT-Neo', async () => {
    const dir = await folderCopy(root);
    await editConfig(dir, (c) => ({ ...c, model_type: 'gpt2' }));

    const error = await loadError(sut.load(dir));

    expect(error.code).toBe(ModelLoadErrorCode.UnsupportedModelType);
    expect(error.message).toMatch(/config\.json: "model_type" is "gpt2"/);
  });

  it('should reject a vocab_size that does not match the tokenizer', async () => {
    const dir = await folderCopy(root);
    await editConfig(dir, (c) => ({ ...c, vocab_size: 50304 }));

    const error = await loadError(sut.load(dir));

    expect(error.code).toBe(ModelLoadErrorCode.VocabSizeMismatch);
    expect(error.message).toContain('tokenizer.json: has 50257 tokens but config.json says vocab_size 50304');
  });

  it('should reject an ONNX file whose inputs are not named as optimum names them', async () => {
    const dir = await folderCopy(root, ['onnx/model.onnx']);
    await copyFile(join(FIXTURES_DIR, 'wrong-input-names.onnx'), join(dir, 'onnx', 'model.onnx'));

    const error = await loadError(sut.load(dir));

    expect(error.code).toBe(ModelLoadErrorCode.OnnxInterfaceMismatch);
    expect(error.file).toBe(join(dir, 'onnx', 'model.onnx'));
    expect(error.message).toContain('missing inputs past_key_values.0.key');
    expect(error.message).toContain('unexpected inputs past.0.key');
  });

  it('should reject a num_layers that does not match the present outputs', async () => {
    const dir = await folderCopy(root);
    await editConfig(dir, (c) => ({
      ...c,
      num_layers: 2,
      attention_layers: ['global', 'local'],
      attention_types: [[['global', 'local'], 1]],
    }));

    const error = await loadError(sut.load(dir));

    expect(error.code).toBe(ModelLoadErrorCode.LayerCountMismatch);
    expect(error.message).toMatch(/present\.\*\.key outputs but config\.json says num_layers 2/);
  });

  it('should report an ONNX file that onnxruntime cannot read', async () => {
    const dir = await folderCopy(root);
    await replaceFile(dir, 'onnx/model.onnx', Buffer.from('not a protobuf at all'));

    const error = await loadError(sut.load(dir));

    expect(error.code).toBe(ModelLoadErrorCode.OnnxLoadFailed);
    expect(error.message).toContain('model.onnx: onnxruntime cannot load it');
  });
});
