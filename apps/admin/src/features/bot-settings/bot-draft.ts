import {
  BOT_SETTINGS_LIMITS,
  type BotSettingsDto,
  GENERATION_PARAMETER_LIMITS,
  type GenerationParameters,
} from '@neodesk/contracts';
import type { BotSettingsChanges, PreviewSettings } from './bot-settings-api';

export type ParameterName = keyof GenerationParameters;
export type TextName = 'botName' | 'persona' | 'greeting' | 'fallbackMessage';

/** The form's values as typed: numbers stay text until they are valid, so nothing typed is lost. */
export interface BotDraft {
  botName: string;
  persona: string;
  greeting: string;
  fallbackMessage: string;
  handoffPhrases: string[];
  params: Record<ParameterName, string>;
}

export const PARAMETER_NAMES: readonly ParameterName[] = [
  'maxNewTokens',
  'temperature',
  'topK',
  'topP',
  'repetitionPenalty',
];
const INTEGER_PARAMETERS: ReadonlySet<ParameterName> = new Set(['maxNewTokens', 'topK']);
const TEXT_NAMES: readonly TextName[] = ['botName', 'persona', 'greeting', 'fallbackMessage'];

export function draftOf(settings: BotSettingsDto | GenerationParameters, base?: BotDraft): BotDraft {
  const params = Object.fromEntries(
    PARAMETER_NAMES.map((name) => [name, String(settings[name])]),
  ) as BotDraft['params'];
  if ('botName' in settings) {
    return {
      botName: settings.botName,
      persona: settings.persona,
      greeting: settings.greeting,
      fallbackMessage: settings.fallbackMessage,
      handoffPhrases: [...settings.handoffPhrases],
      params,
    };
  }
  if (base === undefined) {
    throw new Error('A draft needs the texts of the settings');
  }
  return { ...base, params };
}

/** A parameter's value, or why it is not acceptable (the API's limits). */
export function parseParameter(name: ParameterName, raw: string): { value: number } | { error: string } {
  const { min, max } = GENERATION_PARAMETER_LIMITS[name];
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    return { error: `Enter a number from ${min} to ${max}.` };
  }
  if (INTEGER_PARAMETERS.has(name) && !Number.isInteger(value)) {
    return { error: `Enter a whole number from ${min} to ${max}.` };
  }
  if (value < min || value > max) {
    return { error: `Must be from ${min} to ${max}.` };
  }
  return { value };
}

function textError(name: TextName, value: string): string | undefined {
  const { min, max } = BOT_SETTINGS_LIMITS[name];
  const length = value.trim().length;
  if (length < min) {
    return min === 1 ? 'Required.' : `At least ${min} characters.`;
  }
  if (length > max) {
    return `At most ${max} characters (now ${length}).`;
  }
  return undefined;
}

/** Why a handoff phrase cannot join the list, or undefined when it can. */
export function phraseError(phrase: string, phrases: readonly string[]): string | undefined {
  const { min, max, maxCount } = BOT_SETTINGS_LIMITS.handoffPhrases;
  const trimmed = phrase.trim();
  if (trimmed.length < min || trimmed.length > max) {
    return `A phrase has ${min} to ${max} characters.`;
  }
  if (phrases.some((existing) => existing.toLowerCase() === trimmed.toLowerCase())) {
    return `“${trimmed}” is already in the list.`;
  }
  if (phrases.length >= maxCount) {
    return `At most ${maxCount} phrases.`;
  }
  return undefined;
}

/** The form's own check, by field (`handoffPhrases`, each text, each parameter). */
export function draftErrors(draft: BotDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const name of TEXT_NAMES) {
    const error = textError(name, draft[name]);
    if (error !== undefined) {
      errors[name] = error;
    }
  }
  for (const name of PARAMETER_NAMES) {
    const parsed = parseParameter(name, draft.params[name]);
    if ('error' in parsed) {
      errors[name] = parsed.error;
    }
  }
  if (draft.handoffPhrases.length > BOT_SETTINGS_LIMITS.handoffPhrases.maxCount) {
    errors.handoffPhrases = `At most ${BOT_SETTINGS_LIMITS.handoffPhrases.maxCount} phrases.`;
  }
  return errors;
}

function parameterValue(draft: BotDraft, name: ParameterName): number {
  const parsed = parseParameter(name, draft.params[name]);
  return 'value' in parsed ? parsed.value : Number.NaN;
}

/** The fields that differ from the saved settings, as the PATCH sends them (texts trimmed). */
export function changesOf(draft: BotDraft, saved: BotSettingsDto): BotSettingsChanges {
  const changes: BotSettingsChanges = {};
  for (const name of TEXT_NAMES) {
    if (draft[name].trim() !== saved[name]) {
      changes[name] = draft[name].trim();
    }
  }
  if (draft.handoffPhrases.join('\n') !== saved.handoffPhrases.join('\n')) {
    changes.handoffPhrases = [...draft.handoffPhrases];
  }
  for (const name of PARAMETER_NAMES) {
    const raw = draft.params[name].trim();
    if (raw !== String(saved[name]) && parameterValue(draft, name) !== saved[name]) {
      // An invalid value is sent as typed when forced past the form's check: the API names the field.
      const value = parameterValue(draft, name);
      changes[name] = Number.isNaN(value) ? Number(raw) : value;
    }
  }
  return changes;
}

/** The settings of the draft that a preview tries (those that are valid; the API fills the rest from saved). */
export function previewSettingsOf(draft: BotDraft): PreviewSettings {
  const settings: PreviewSettings = { persona: draft.persona.trim(), handoffPhrases: [...draft.handoffPhrases] };
  for (const name of PARAMETER_NAMES) {
    const parsed = parseParameter(name, draft.params[name]);
    if ('value' in parsed) {
      settings[name] = parsed.value;
    }
  }
  return settings;
}
