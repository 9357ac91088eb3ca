import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { decode as gpt3Decode, encode as gpt3Encode } from 'gpt-3-encoder';

import { BUNDLED_MODEL_DIR } from './__fixtures__/bundled-model';
import { GptNeoTokenizer } from './gpt-neo-tokenizer';
import { Tokenizer } from './tokenizers-module';

const MODEL_DIR = BUNDLED_MODEL_DIR;

interface ReferenceCase {
  readonly name: string;
  readonly turns: readonly { readonly speaker: 'customer' | 'agent'; readonly text: string }[];
  readonly inputIds: readonly number[];
}

function loadTokenizer(): GptNeoTokenizer {
  const json = JSON.parse(readFileSync(join(MODEL_DIR, 'tokenizer.json'), 'utf8')) as object;
  const config = JSON.parse(readFileSync(join(MODEL_DIR, 'tokenizer_config.json'), 'utf8')) as object;
  return new GptNeoTokenizer(new Tokenizer(json, config), 50256);
}

// Deterministic PRNG (mulberry32) so a failure reproduces.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  'Hello world',
  'where is my order?',
  "I'm",
  "don't",
  "it's",
  "we'll",
  "you've",
  "they'd",
  "O'Reilly's",
  'ABC',
  'café',
  'naïve',
  'Zürich',
  'straße',
  'ñandú',
  'Ελληνικά',
  'русский текст',
  'עברית',
  'العربية',
  'हिन्दी',
  '日本語のテキスト',
  '中文字符',
  '한국어',
  'ไทย',
  'e\u0301',
  'Å',
  '🤖',
  '🎉🎉',
  '👩‍💻',
  '👍🏽',
  '🇩🇪',
  '❤️',
  '™',
  '©2024',
  '€19.99',
  '$1,000,000',
  '3.14159',
  '0x1F',
  '42',
  '2024-11-26',
  '12:30',
  '+49 30 1234567',
  '1e-5',
  '-0.0001',
  '100%',
  'const x = () => { return a[i] ?? null; };',
  'def f(x):\n    return x ** 2',
  '<div class="a">b</div>',
  'SELECT * FROM t;',
  'https://example.com/a?b=c&d=e',
  'user@mail.de',
  '#hashtag',
  '@mention',
  '#A-1234',
  'NX-48213',
  '/path/to/file.ts',
  ' ',
  '  ',
  '    ',
  '\t',
  '\n',
  '\n\n',
  '\n\n\n',
  ' \n ',
  '\r\n',
  '  \n\n  ',
  '...',
  '!!!',
  '???',
  '—',
  '–',
  '…',
  '«»',
  '“quoted”',
  '<|endoftext|>',
  '<|',
  '|>',
  'endoftext',
  '<|endoftext|><|endoftext|>',
  '<<|endoftext|>>',
  'UPPER CASE',
  'MiXeD cAsE',
  'a',
  'I',
  'Customer:',
  'Agent:',
  'thanks!!',
  'ok',
  ':)',
  '¯\\_(ツ)_/¯',
];

function randomString(next: () => number): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(next() * 6);
  for (let i = 0; i < n; i++) {
    const r = next();
    if (r < 0.7) {
      parts.push(FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]);
    } else if (r < 0.8) {
      parts.push(' '.repeat(1 + Math.floor(next() * 8)));
    } else if (r < 0.9) {
      parts.push('\n'.repeat(1 + Math.floor(next() * 4)));
    } else {
      // A random code point from the BMP outside the surrogate range, or an astral one.
      const cp = next() < 0.8 ? 0x20 + Math.floor(next() * 0xd7d0) : 0x1f300 + Math.floor(next() * 0x300);
      parts.push(String.fromCodePoint(cp));
    }
  }
  const sep = next() < 0.5 ? ' ' : '';
  return parts.join(sep);
}

describe(GptNeoTokenizer.name, () => {
  const sut = loadTokenizer();
  const next = rng(20261126);
  const samples = [...FRAGMENTS, ...Array.from({ length: 1100 }, () => randomString(next))];

  it('should have the 50257-token GPT-Neo vocabulary with <|endoftext|> = 50256', () => {
    expect(sut.vocabSize).toBe(50257);
    expect(sut.tokenToId('<|endoftext|>')).toBe(50256);
  });

  it('should give the same ids as gpt-3-encoder on over 1,000 varied strings', () => {
    expect(samples.length).toBeGreaterThanOrEqual(1000);
    const mismatches = samples.filter((s) => JSON.stringify(sut.encodeText(s)) !== JSON.stringify(gpt3Encode(s)));
    expect(mismatches).toEqual([]);
  });

  it('should decode its own ids back to the original string', () => {
    const broken = samples.filter((s) => sut.decode(sut.encodeText(s)) !== s);
    expect(broken).toEqual([]);
    expect(gpt3Decode(sut.encodeText('round trip ✓'))).toBe('round trip ✓');
  });

  it('should keep a typed <|endoftext|> as plain text instead of the special token', () => {
    const ids = sut.encodeText('a<|endoftext|>b');

    expect(ids).not.toContain(50256);
    expect(ids).toEqual(gpt3Encode('a<|endoftext|>b'));
  });

  it('should build chat prompts exactly as the training tooling does', () => {
    const reference = JSON.parse(readFileSync(join(MODEL_DIR, 'reference', 'logits.json'), 'utf8')) as {
      cases: ReferenceCase[];
    };
    expect(reference.cases.length).toBeGreaterThan(0);
    for (const c of reference.cases) {
      expect(sut.encodeChatPrompt(c.turns)).toEqual(c.inputIds);
    }
  });

  it('should format turns as "Label: text" closed by <|endoftext|> and end with "Agent:"', () => {
    const ids = sut.encodeChatPrompt([
      { speaker: 'customer', text: 'hi' },
      { speaker: 'agent', text: 'Hello!' },
      { speaker: 'customer', text: 'bye' },
    ]);

    expect(sut.decode(ids, { skipSpecialTokens: false })).toBe(
      '<|endoftext|>Customer: hi<|endoftext|>Agent: Hello!<|endoftext|>Customer: bye<|endoftext|>Agent:',
    );
  });
});
