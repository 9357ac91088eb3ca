/** The part of @huggingface/tokenizers' Tokenizer that Neodesk uses. */
export interface HfTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): { ids: number[] };
  decode(ids: number[], options?: { skip_special_tokens?: boolean; clean_up_tokenization_spaces?: boolean }): string;
  token_to_id(token: string): number | undefined;
  get_vocab(withAddedTokens?: boolean): Map<string, number>;
}

interface TokenizersModule {
  Tokenizer: new (tokenizerJson: object, tokenizerConfig: object) => HfTokenizer;
}

// @huggingface/tokenizers is an ES module package that also ships a CommonJS build. Its bundled
// types do not resolve from CommonJS code under node16 resolution (extensionless relative
// re-exports), so this loads the CommonJS build and types the surface used here by hand.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tokenizers = require('@huggingface/tokenizers') as TokenizersModule;

export const Tokenizer = tokenizers.Tokenizer;
