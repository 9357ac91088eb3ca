export const presenceKeys = { all: ['presence'] as const };
