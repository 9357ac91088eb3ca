import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { GptNeoTokenizer } from '../../model/gpt-neo-tokenizer';
import { Tokenizer } from '../../model/tokenizers-module';

/** The model folder committed with the platform. */
const MODEL_DIR = join(__dirname, '..', '..', '..', '..', '..', 'models', 'neodesk-support-gpt-neo');

let cached: GptNeoTokenizer | undefined;

/** The bundled model's real GPT-Neo tokenizer, loaded once per spec file. */
export function realTokenizer(): GptNeoTokenizer {
  if (!cached) {
    const json = JSON.parse(readFileSync(join(MODEL_DIR, 'tokenizer.json'), 'utf8')) as object;
    const config = JSON.parse(readFileSync(join(MODEL_DIR, 'tokenizer_config.json'), 'utf8')) as object;
    cached = new GptNeoTokenizer(new Tokenizer(json, config), 50256);
  }
  return cached;
}
