/**
 * The bundled model's chat format as text, for training data (tools/model/chat_format.py and
 * libs/inference's prompt builder write the same pieces as token ids):
 *
 *   <|endoftext|>System: {persona}<|endoftext|>Customer: {text}<|endoftext|>Agent: {text}<|endoftext|>...
 *
 * One leading end-of-text, then each turn as `{Label}: {trimmed text}<|endoftext|>`, no newlines; the
 * persona part only when there is one. A prompt ends with `Agent:` and the reply follows after one space.
 * As a string this is ambiguous where a person typed `<|endoftext|>` themselves: tools that tokenize it
 * should take the turns instead, encoding each piece on its own as the model's tooling does.
 */
export const CHAT_END_OF_TEXT = '<|endoftext|>';

export const CHAT_FORMAT_LABELS = { system: 'System', customer: 'Customer', agent: 'Agent' } as const;

export type ChatFormatSpeaker = 'customer' | 'agent';

export interface ChatFormatTurn {
  speaker: ChatFormatSpeaker;
  text: string;
}

/** The prompt a reply is generated from, ending with `Agent:`; a blank or null persona is left out. */
export function formatChatPrompt(turns: readonly ChatFormatTurn[], persona: string | null = null): string {
  let text = CHAT_END_OF_TEXT;
  const system = persona?.trim();
  if (system !== undefined && system.length > 0) {
    text += `${CHAT_FORMAT_LABELS.system}: ${system}${CHAT_END_OF_TEXT}`;
  }
  for (const turn of turns) {
    text += `${CHAT_FORMAT_LABELS[turn.speaker]}: ${turn.text.trim()}${CHAT_END_OF_TEXT}`;
  }
  return `${text}${CHAT_FORMAT_LABELS.agent}:`;
}

/** A whole training example: the prompt, then the reply as the agent's turn, closed by end-of-text. */
export function formatChatExample(
  turns: readonly ChatFormatTurn[],
  completion: string,
  persona: string | null = null,
): string {
  return `${formatChatPrompt(turns, persona)} ${completion.trim()}${CHAT_END_OF_TEXT}`;
}
