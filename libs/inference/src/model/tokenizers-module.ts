import type * as Tokenizers from '@huggingface/tokenizers' with { 'resolution-mode': 'import' };

// @huggingface/tokenizers is an ES module package that also ships a CommonJS build; this
// CommonJS code base loads that build with require and keeps the ES module's types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tokenizers = require('@huggingface/tokenizers') as typeof Tokenizers;

export const Tokenizer = tokenizers.Tokenizer;
export type Tokenizer = Tokenizers.Tokenizer;
