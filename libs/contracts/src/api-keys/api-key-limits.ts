/** The prefix every Neodesk API key starts with, so a leaked key is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'ndk_';
/** Longest API key name accepted (after trimming). */
export const MAX_API_KEY_NAME = 120;
