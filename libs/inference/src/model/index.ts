export * from './gpt-neo-config';
export * from './gpt-neo-decoder';
export * from './gpt-neo-tokenizer';
export * from './model-folder.loader';
export * from './model-load.error';
