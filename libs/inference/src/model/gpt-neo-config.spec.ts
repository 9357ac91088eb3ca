import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGptNeoConfig } from './gpt-neo-config';
import { ModelLoadError } from './model-load.error';

const BUNDLED = join(__dirname, '../../../../models/neodesk-support-gpt-neo/config.json');

describe(parseGptNeoConfig.name, () => {
  const bundled = (): Record<string, unknown> => JSON.parse(readFileSync(BUNDLED, 'utf8')) as Record<string, unknown>;

  it('should read whether the model takes knowledge passages, false when the config does not say', () => {
    // The bundled model was trained without knowledge passages: its config does not claim them.
    expect(parseGptNeoConfig(bundled(), 'config.json').knowledgePassages).toBe(false);
    expect(parseGptNeoConfig({ ...bundled(), neodesk_knowledge_passages: true }, 'config.json').knowledgePassages).toBe(
      true,
    );
    expect(parseGptNeoConfig({ ...bundled(), neodesk_knowledge_passages: null }, 'config.json').knowledgePassages).toBe(
      false,
    );
  });

  it('should refuse a knowledge-passages flag that is not true or false', () => {
    expect(() => parseGptNeoConfig({ ...bundled(), neodesk_knowledge_passages: 'yes' }, 'config.json')).toThrow(
      ModelLoadError,
    );
    expect(() => parseGptNeoConfig({ ...bundled(), neodesk_knowledge_passages: 1 }, 'config.json')).toThrow(
      /"neodesk_knowledge_passages" must be true or false, got 1/,
    );
  });
});
