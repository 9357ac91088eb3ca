export { DEFAULT_BLOCKED_TERMS, findAbusiveTerm } from './default-blocked-terms';
export { type PhraseMatch, PhraseMatcher } from './phrase-matcher';
export { type TextWord, normalizeWord, splitWords } from './text-words';
