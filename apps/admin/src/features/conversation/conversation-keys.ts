export const conversationKeys = {
  all: ['conversation'] as const,
  detail: (id: string) => ['conversation', id] as const,
  notes: (id: string) => ['conversation', id, 'notes'] as const,
  satisfaction: (id: string) => ['conversation', id, 'satisfaction'] as const,
};
