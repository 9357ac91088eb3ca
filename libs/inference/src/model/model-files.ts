import { readFile, stat } from 'node:fs/promises';
import { ModelLoadError, ModelLoadErrorCode } from './model-load.error';

/** Hugging Face's checkpoint file in a folder saved by `save_pretrained` (safetensors format). */
export const CHECKPOINT_FILE = 'model.safetensors';

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** A JSON file of a model folder; unreadable or malformed JSON is a ModelLoadError with `code` naming the file. */
export async function readModelJson(path: string, code: ModelLoadErrorCode): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ModelLoadError(code, path, `is not valid JSON (${String(error)})`, { cause: error });
  }
}
