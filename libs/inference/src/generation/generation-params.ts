import { DEFAULT_GENERATION_PARAMETERS, GENERATION_PARAMETER_LIMITS } from '@neodesk/contracts';

import { GenerationError, GenerationErrorCode } from './generation.error';

/** Validated sampling and stopping parameters of one generation request. */
export interface GenerationParams {
  readonly maxNewTokens: number;
  /** 0 means greedy decoding. */
  readonly temperature: number;
  /** 0 turns top-k filtering off. */
  readonly topK: number;
  /** 1 turns nucleus filtering off. */
  readonly topP: number;
  /** 1 turns the penalty off. */
  readonly repetitionPenalty: number;
  /** Makes sampling reproducible; without it the sampler seeds itself from crypto randomness. */
  readonly seed?: number;
  readonly stop: readonly string[];
}

/** Server-side bounds on what a request may ask for. */
export interface GenerationLimits {
  readonly maxNewTokens: number;
  readonly maxStopSequences: number;
  /** In Unicode code points. */
  readonly maxStopLength: number;
}

export const DEFAULT_GENERATION_LIMITS: GenerationLimits = {
  maxNewTokens: GENERATION_PARAMETER_LIMITS.maxNewTokens.max,
  maxStopSequences: 8,
  maxStopLength: 64,
};

const KNOWN_KEYS: ReadonlySet<string> = new Set<keyof GenerationParams>([
  'maxNewTokens',
  'temperature',
  'topK',
  'topP',
  'repetitionPenalty',
  'seed',
  'stop',
]);

function invalid(field: string, allowed: string, value: unknown): GenerationError {
  return new GenerationError(
    GenerationErrorCode.InvalidParameters,
    `${field} must be ${allowed}; got ${describe(value)}`,
    field,
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

function integerIn(record: Record<string, unknown>, field: string, min: number, max: number, fallback: number): number {
  const value = record[field];
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

function numberIn(
  record: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
  fallback: number,
  note = '',
): number {
  const value = record[field];
  if (value === undefined) {
    return fallback;
  }
  // NaN and ±Infinity fail the range check too, but say "finite" so the message is not puzzling.
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(field, `a finite number from ${min} to ${max}${note}`, value);
  }
  return value;
}

function parseStop(value: unknown, limits: GenerationLimits): string[] {
  if (value === undefined) {
    return [];
  }
  const allowed = `an array of at most ${limits.maxStopSequences} strings of 1 to ${limits.maxStopLength} characters`;
  if (!Array.isArray(value) || value.length > limits.maxStopSequences) {
    throw invalid('stop', allowed, value);
  }
  return value.map((item: unknown, index) => {
    const field = `stop[${index}]`;
    if (typeof item !== 'string') {
      throw invalid(field, 'a string', item);
    }
    // A lone surrogate could never match decoded text and breaks JSON round trips.
    if (!item.isWellFormed()) {
      throw invalid(field, 'well-formed Unicode (no lone surrogates)', item);
    }
    const codePoints = [...item].length;
    if (codePoints < 1 || codePoints > limits.maxStopLength) {
      throw invalid(field, `a string of 1 to ${limits.maxStopLength} characters`, item);
    }
    return item;
  });
}

function resolveLimits(overrides: Partial<GenerationLimits>): GenerationLimits {
  const limits = { ...DEFAULT_GENERATION_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      // A configuration mistake, not a bad request.
      throw new RangeError(`GenerationLimits.${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return limits;
}

/**
 * Validates untrusted generation parameters (a request body) and fills in defaults: greedy decoding and
 * the other values of DEFAULT_GENERATION_PARAMETERS. Ranges are GENERATION_PARAMETER_LIMITS, with
 * maxNewTokens capped by `limits.maxNewTokens`. Unknown keys are refused so a typo never silently
 * falls back to a default.
 *
 * @throws GenerationError with code INVALID_PARAMETERS naming the field and what it allows.
 */
export function parseGenerationParams(input: unknown, limits: Partial<GenerationLimits> = {}): GenerationParams {
  const resolved = resolveLimits(limits);
  if (input === undefined || input === null) {
    input = {};
  }
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw invalid('parameters', 'an object', input);
  }
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new GenerationError(
        GenerationErrorCode.InvalidParameters,
        `${JSON.stringify(key)} is not a generation parameter; allowed: ${[...KNOWN_KEYS].join(', ')}`,
        key,
      );
    }
  }

  const ranges = GENERATION_PARAMETER_LIMITS;
  const defaults = DEFAULT_GENERATION_PARAMETERS;
  const params: { -readonly [K in keyof GenerationParams]: GenerationParams[K] } = {
    maxNewTokens: integerIn(
      record,
      'maxNewTokens',
      ranges.maxNewTokens.min,
      resolved.maxNewTokens,
      Math.min(defaults.maxNewTokens, resolved.maxNewTokens),
    ),
    temperature: numberIn(
      record,
      'temperature',
      ranges.temperature.min,
      ranges.temperature.max,
      defaults.temperature,
      ' (0 = greedy)',
    ),
    topK: integerIn(record, 'topK', ranges.topK.min, ranges.topK.max, defaults.topK),
    topP: numberIn(record, 'topP', ranges.topP.min, ranges.topP.max, defaults.topP),
    repetitionPenalty: numberIn(
      record,
      'repetitionPenalty',
      ranges.repetitionPenalty.min,
      ranges.repetitionPenalty.max,
      defaults.repetitionPenalty,
      ' (1 = off)',
    ),
    stop: parseStop(record.stop, resolved),
  };
  if (record.seed !== undefined) {
    const seed = record.seed;
    if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
      throw invalid('seed', `an integer from 0 to ${Number.MAX_SAFE_INTEGER}`, seed);
    }
    params.seed = seed;
  }
  return params;
}
