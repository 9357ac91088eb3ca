import { z } from 'zod';
import { JOB_FAILURE_CODES, MAX_JOB_PASSAGES, MAX_JOB_PASSAGE_LENGTH } from '../bot/generation-job';
import { MAX_KNOWLEDGE_TITLE_LENGTH } from '../knowledge/knowledge-article.dto';
import { FINISH_REASONS, MAX_MESSAGE_LENGTH } from '../messages/message-author';
import { GENERATION_PARAMETER_LIMITS, REAL_MIN_NORMAL } from '../workspaces/bot-settings.dto';

const wellFormed = (value: string): boolean => value.isWellFormed() && !value.includes('\u0000');
const text = (max: number) => z.string().max(max).refine(wellFormed, 'must be valid Unicode text');
const count = z.int().min(0).max(1_000_000_000);
const millis = z.number().min(0).max(86_400_000);
const jobId = z.uuid();
const attempt = z.int().min(1).max(10);
/** A token's natural-log probability, as workers report it (floored at -1000 rather than -Infinity). */
const logprob = z.number().min(-1000).max(0);
// Stored as PostgreSQL reals: a probability too small for one (a very unlikely token) is stored as 0.
const probability = z
  .number()
  .min(0)
  .max(1)
  .transform((value) => (value < REAL_MIN_NORMAL ? 0 : value));
const limit = (name: keyof typeof GENERATION_PARAMETER_LIMITS) =>
  z.number().min(GENERATION_PARAMETER_LIMITS[name].min).max(GENERATION_PARAMETER_LIMITS[name].max);

/** Longest reply text a worker may report, in characters (generous: tokens can be long). */
export const MAX_REPLY_TEXT_LENGTH = 16_000;
/** Most dialogue turns a job carries; the worker drops the oldest to fit its context anyway. */
export const MAX_JOB_TURNS = 200;

/** `socket.handshake.auth` of the `/worker` namespace. */
export const workerHandshakeAuthSchema = z.object({
  token: z.string().min(1).max(512),
});

export const workerRegistrationSchema = z.strictObject({
  host: text(255),
  pid: z
    .int()
    .min(0)
    .max(2 ** 31),
  modelId: text(200).pipe(z.string().min(1)),
  modelVersion: text(200).pipe(z.string().min(1)),
  provider: text(40),
  decoder: text(40),
  maxBatchSize: z.int().min(1).max(4096),
  maxQueued: z.int().min(0).max(100_000),
  maxSequenceLength: z.int().min(1).max(1_000_000),
  knowledgePassages: z.boolean().optional(),
});

export const workerHeartbeatSchema = z.strictObject({
  running: count,
  waiting: count,
  tokensGenerated: z.number().int().min(0),
  timeToFirstTokenP50Ms: millis.nullable(),
  interTokenP50Ms: millis.nullable(),
  meanBatchSize: z.number().min(0).max(100_000).nullable(),
});

export const jobDeltaSchema = z.strictObject({
  jobId,
  attempt,
  index: count,
  text: text(MAX_REPLY_TEXT_LENGTH),
  // Optional: workers from before confidence figures send none.
  logprobs: z.array(logprob).max(GENERATION_PARAMETER_LIMITS.maxNewTokens.max).optional(),
});

export const jobDoneSchema = z.strictObject({
  jobId,
  attempt,
  text: text(MAX_REPLY_TEXT_LENGTH),
  stats: z.strictObject({
    promptTokens: count,
    completionTokens: count,
    queueMs: millis,
    timeToFirstTokenMs: millis,
    totalMs: millis,
    finishReason: z.enum(FINISH_REASONS),
    meanTokenProbability: probability.nullable().optional(),
    minTokenProbability: probability.nullable().optional(),
  }),
});

export const jobFailedSchema = z.strictObject({
  jobId,
  attempt,
  code: z.enum(JOB_FAILURE_CODES),
  message: text(2000),
});

/** What a worker checks before it accepts a job: the service is trusted, but the contract is still the edge. */
export const generationJobSchema = z.strictObject({
  jobId,
  attempt,
  persona: text(20_000).nullable(),
  turns: z
    .array(z.strictObject({ speaker: z.enum(['customer', 'agent']), text: text(MAX_MESSAGE_LENGTH) }))
    .min(1)
    .max(MAX_JOB_TURNS),
  passages: z
    .array(z.strictObject({ title: text(MAX_KNOWLEDGE_TITLE_LENGTH), text: text(MAX_JOB_PASSAGE_LENGTH) }))
    .max(MAX_JOB_PASSAGES)
    .optional(),
  params: z.strictObject({
    maxNewTokens: z.int().pipe(limit('maxNewTokens')),
    temperature: limit('temperature'),
    topK: z.int().pipe(limit('topK')),
    topP: limit('topP'),
    repetitionPenalty: limit('repetitionPenalty'),
    seed: z.int().min(0).max(0xffffffff).optional(),
  }),
});
