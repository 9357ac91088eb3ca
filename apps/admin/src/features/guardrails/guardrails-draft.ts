import {
  ALLOWED_LINK_DOMAIN_PATTERN,
  GUARDRAIL_LIMITS,
  type GuardrailSettings,
  type GuardrailSettingsDto,
} from '@neodesk/contracts';
import type { GuardrailChanges } from './guardrails-api';

export type ListName = 'blockedTerms' | 'forbiddenPromises' | 'allowedLinkDomains';
export type TextName = 'safeFallbackMessage' | 'abusiveInputReply';
export type NumberName = 'maxReplyCharacters' | 'minMeanTokenProbability' | 'minTokenProbability';
export type SwitchName =
  | 'useDefaultBlockedTerms'
  | 'stopRepetition'
  | 'handoffOnRepeatedQuestion'
  | 'handoffOnNegativeRatings'
  | 'flagAbusiveInput'
  | 'redactPiiInExports'
  | 'redactPiiInWebhooks'
  | 'storeOriginalPii';

export const LIST_NAMES: readonly ListName[] = ['blockedTerms', 'forbiddenPromises', 'allowedLinkDomains'];
export const TEXT_NAMES: readonly TextName[] = ['safeFallbackMessage', 'abusiveInputReply'];
export const NUMBER_NAMES: readonly NumberName[] = [
  'maxReplyCharacters',
  'minMeanTokenProbability',
  'minTokenProbability',
];
export const SWITCH_NAMES: readonly SwitchName[] = [
  'useDefaultBlockedTerms',
  'stopRepetition',
  'handoffOnRepeatedQuestion',
  'handoffOnNegativeRatings',
  'flagAbusiveInput',
  'redactPiiInExports',
  'redactPiiInWebhooks',
  'storeOriginalPii',
];
export const FORM_FIELDS: readonly string[] = [...LIST_NAMES, ...TEXT_NAMES, ...NUMBER_NAMES, ...SWITCH_NAMES];

/** The form's values as typed: numbers stay text until they are valid, so nothing typed is lost. */
export type GuardrailDraft = Record<ListName, string[]> &
  Record<TextName, string> &
  Record<NumberName, string> &
  Record<SwitchName, boolean>;

export function draftOf(settings: GuardrailSettings): GuardrailDraft {
  return {
    blockedTerms: [...settings.blockedTerms],
    forbiddenPromises: [...settings.forbiddenPromises],
    allowedLinkDomains: [...settings.allowedLinkDomains],
    safeFallbackMessage: settings.safeFallbackMessage,
    abusiveInputReply: settings.abusiveInputReply,
    maxReplyCharacters: String(settings.maxReplyCharacters),
    minMeanTokenProbability: String(settings.minMeanTokenProbability),
    minTokenProbability: String(settings.minTokenProbability),
    ...(Object.fromEntries(SWITCH_NAMES.map((name) => [name, settings[name]])) as Record<SwitchName, boolean>),
  };
}

/** A number field's value, or why it is not acceptable (the API's limits). */
export function parseNumber(name: NumberName, raw: string): { value: number } | { error: string } {
  const { min, max } = GUARDRAIL_LIMITS[name];
  const text = raw.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    return { error: `Enter a number from ${min} to ${max}.` };
  }
  if (name === 'maxReplyCharacters' && !Number.isInteger(value)) {
    return { error: `Enter a whole number from ${min} to ${max}.` };
  }
  if (value < min || value > max) {
    return { error: `Must be from ${min} to ${max}.` };
  }
  return { value };
}

/** An entry as the list keeps it: trimmed; domains lowercased as the API stores them. */
export function normalizeEntry(name: ListName, entry: string): string {
  return name === 'allowedLinkDomains' ? entry.trim().toLowerCase() : entry.trim();
}

/** Why an entry cannot join its list, or undefined when it can. */
export function entryError(name: ListName, entry: string, list: readonly string[]): string | undefined {
  const { min, max, maxCount } = GUARDRAIL_LIMITS[name];
  const value = normalizeEntry(name, entry);
  if (name === 'allowedLinkDomains') {
    if (!ALLOWED_LINK_DOMAIN_PATTERN.test(value)) {
      return 'Enter a domain name such as example.com (no https://, no path).';
    }
  } else if (value.length < min || value.length > max) {
    return `An entry has ${min} to ${max} characters.`;
  }
  if (list.some((existing) => existing.toLowerCase() === value.toLowerCase())) {
    return `“${value}” is already in the list.`;
  }
  if (list.length >= maxCount) {
    return `At most ${maxCount} entries.`;
  }
  return undefined;
}

function textError(name: TextName, value: string): string | undefined {
  const { min, max } = GUARDRAIL_LIMITS[name];
  const length = value.trim().length;
  if (length < min) {
    return 'Required.';
  }
  if (length > max) {
    return `At most ${max} characters (now ${length}).`;
  }
  return undefined;
}

/** The form's own check, by field. */
export function draftErrors(draft: GuardrailDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const name of TEXT_NAMES) {
    const error = textError(name, draft[name]);
    if (error !== undefined) {
      errors[name] = error;
    }
  }
  for (const name of NUMBER_NAMES) {
    const parsed = parseNumber(name, draft[name]);
    if ('error' in parsed) {
      errors[name] = parsed.error;
    }
  }
  for (const name of LIST_NAMES) {
    if (draft[name].length > GUARDRAIL_LIMITS[name].maxCount) {
      errors[name] = `At most ${GUARDRAIL_LIMITS[name].maxCount} entries.`;
    }
  }
  return errors;
}

/** The settings that differ from the saved ones, as the PATCH sends them (texts trimmed). */
export function changesOf(draft: GuardrailDraft, saved: GuardrailSettingsDto): GuardrailChanges {
  const changes: Record<string, unknown> = {};
  for (const name of LIST_NAMES) {
    if (draft[name].join('\n') !== saved[name].join('\n')) {
      changes[name] = [...draft[name]];
    }
  }
  for (const name of TEXT_NAMES) {
    if (draft[name].trim() !== saved[name]) {
      changes[name] = draft[name].trim();
    }
  }
  for (const name of NUMBER_NAMES) {
    const parsed = parseNumber(name, draft[name]);
    const value = 'value' in parsed ? parsed.value : Number(draft[name].trim());
    if (draft[name].trim() !== String(saved[name]) && value !== saved[name]) {
      changes[name] = value;
    }
  }
  for (const name of SWITCH_NAMES) {
    if (draft[name] !== saved[name]) {
      changes[name] = draft[name];
    }
  }
  return changes;
}
