/** Sampling parameters a workspace sets for its bot. */
export interface GenerationParameters {
  maxNewTokens: number;
  temperature: number;
  topK: number;
  topP: number;
  repetitionPenalty: number;
}

export const DEFAULT_GENERATION_PARAMETERS: GenerationParameters = {
  maxNewTokens: 96,
  temperature: 0,
  topK: 0,
  topP: 1,
  repetitionPenalty: 1.1,
};

/** Smallest non-zero magnitude a PostgreSQL `real` column stores; below it the database refuses (underflow). */
export const REAL_MIN_NORMAL = 1.1754943508222875e-38;

/** Bounds shared by every edge that accepts generation parameters. */
export const GENERATION_PARAMETER_LIMITS = {
  maxNewTokens: { min: 1, max: 1024 },
  temperature: { min: 0, max: 2 },
  topK: { min: 0, max: 1000 },
  topP: { min: 0.01, max: 1 },
  repetitionPenalty: { min: 1, max: 2 },
} as const satisfies Record<keyof GenerationParameters, { min: number; max: number }>;

/** Lengths (characters) and counts a workspace's bot settings must keep to. */
export const BOT_SETTINGS_LIMITS = {
  botName: { min: 1, max: 60 },
  /** The persona leads every prompt; a long one crowds out the dialogue (the worker cuts it to fit). */
  persona: { min: 0, max: 2000 },
  greeting: { min: 1, max: 1000 },
  fallbackMessage: { min: 1, max: 1000 },
  handoffPhrases: { maxCount: 50, min: 2, max: 100 },
} as const;

/** A workspace's bot as admins configure it. */
export interface BotSettingsDto extends GenerationParameters {
  botName: string;
  /** The system part of every prompt; kept when older turns are dropped to fit the context. */
  persona: string;
  greeting: string;
  /** Shown to the visitor when no worker can answer; the conversation then waits for a human. */
  fallbackMessage: string;
  /** Customer phrases that ask for a person (matched case-insensitively, as whole words). */
  handoffPhrases: string[];
  updatedAt: string;
}
