import type {
  BotPreviewMessage,
  BotSettingsDto,
  GenerationJob,
  GenerationJobTurn,
  GenerationParameters,
  MessageDto,
} from '@neodesk/contracts';
import { neutraliseCustomerText } from '@neodesk/contracts';

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
    .map((message) => turnOf(message.author === 'customer' ? 'customer' : 'agent', message.text));
  return generationJob(replyId, settings, turns);
}

/**
 * The job for a preview ("try it" on the settings page): the same prompt as a real reply would get from
 * these settings, for a dialogue that exists only in the request.
 */
export function buildPreviewJob(
  jobId: string,
  settings: PromptSettings,
  messages: readonly BotPreviewMessage[],
): GenerationJob {
  const turns: GenerationJobTurn[] = messages.map((message) =>
    turnOf(message.author === 'customer' ? 'customer' : 'agent', message.text),
  );
  return generationJob(jobId, settings, turns);
}

/** A customer's text cannot forge a turn: special tokens and line-leading role markers are removed. */
function turnOf(speaker: GenerationJobTurn['speaker'], text: string): GenerationJobTurn {
  return { speaker, text: speaker === 'customer' ? neutraliseCustomerText(text).text : text };
}

/** What of the bot settings shapes a prompt. */
export type PromptSettings = Pick<BotSettingsDto, 'persona' | keyof GenerationParameters>;

function generationJob(jobId: string, settings: PromptSettings, turns: GenerationJobTurn[]): GenerationJob {
  return {
    jobId,
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
