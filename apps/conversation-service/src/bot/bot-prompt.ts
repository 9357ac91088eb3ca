import type { BotSettingsDto, GenerationJob, GenerationJobTurn, MessageDto } from '@neodesk/contracts';

/** Dialogue messages a prompt is built from; the worker drops the oldest to fit its context anyway. */
export const PROMPT_HISTORY_TURNS = 40;

/**
 * The job for one bot reply: the workspace's persona and sampling settings, and the dialogue up to the
 * customer message being answered. Bot and agent messages both speak as the agent side of the chat format.
 */
export function buildGenerationJob(
  replyId: string,
  settings: BotSettingsDto,
  history: readonly MessageDto[],
  upToSeq: number,
): GenerationJob {
  const turns: GenerationJobTurn[] = history
    .filter((message) => message.seq <= upToSeq && message.author !== 'system')
    .map((message) => ({ speaker: message.author === 'customer' ? 'customer' : 'agent', text: message.text }));
  return {
    jobId: replyId,
    attempt: 1,
    persona: settings.persona.trim().length === 0 ? null : settings.persona,
    turns,
    params: {
      maxNewTokens: settings.maxNewTokens,
      temperature: settings.temperature,
      topK: settings.topK,
      topP: settings.topP,
      repetitionPenalty: settings.repetitionPenalty,
    },
  };
}

/** Whether a customer message asks for a person by one of the workspace's phrases (case- and space-insensitive). */
export function asksForHuman(text: string, phrases: readonly string[]): boolean {
  const normalized = ` ${normalize(text)} `;
  return phrases.some((phrase) => {
    const wanted = normalize(phrase);
    return wanted.length > 0 && normalized.includes(` ${wanted} `);
  });
}

function normalize(text: string): string {
  return text
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
