import type { GenerationStats } from '../messages/message.dto';

/** One turn of the dialogue a worker builds its prompt from. */
export interface GenerationJobTurn {
  speaker: 'customer' | 'agent';
  text: string;
}

/** Sampling settings of one job, already validated against GENERATION_PARAMETER_LIMITS by the service. */
export interface GenerationJobParams {
  maxNewTokens: number;
  temperature: number;
  topK: number;
  topP: number;
  repetitionPenalty: number;
  seed?: number;
}

/** A passage of the workspace's knowledge base retrieved for the reply, best first. */
export interface GenerationJobPassage {
  /** Article title, then the passage's plain text. */
  title: string;
  text: string;
}

/** Most passages one job carries, and characters of one passage. */
export const MAX_JOB_PASSAGES = 5;
export const MAX_JOB_PASSAGE_LENGTH = 4_000;

/**
 * What the service sends a worker: text only, no tenant or visitor identifiers. The worker applies its
 * model's chat format and fits the turns to its context (oldest dropped first, persona kept).
 */
export interface GenerationJob {
  jobId: string;
  attempt: number;
  persona: string | null;
  turns: GenerationJobTurn[];
  /**
   * Knowledge the reply should be grounded in, best first (absent or empty: none). The worker places as many
   * as its context holds after the newest customer message and the persona, best first.
   */
  passages?: GenerationJobPassage[];
  params: GenerationJobParams;
}

/** What a worker says about itself once connected. */
export interface WorkerRegistration {
  /** Where the worker runs, for operators: host name and process id. */
  host: string;
  pid: number;
  modelId: string;
  modelVersion: string;
  /** onnxruntime execution provider in use (cpu, webgpu, cuda). */
  provider: string;
  decoder: string;
  /** Replies decoded together. */
  maxBatchSize: number;
  /** Replies that may wait for a slot. */
  maxQueued: number;
  maxSequenceLength: number;
  /**
   * Whether its model was trained with knowledge passages in the prompt. Absent or false: the service sends
   * its jobs without passages (and the replies name no sources).
   */
  knowledgePassages?: boolean;
}

/** A worker's heartbeat: its load and engine figures. */
export interface WorkerHeartbeat {
  running: number;
  waiting: number;
  tokensGenerated: number;
  /** Milliseconds; null until the first reply. */
  timeToFirstTokenP50Ms: number | null;
  interTokenP50Ms: number | null;
  meanBatchSize: number | null;
}

export interface JobDeltaEvent {
  jobId: string;
  attempt: number;
  index: number;
  text: string;
  /**
   * Natural-log probability of each token whose text this delta completes, under the model's raw softmax
   * (before repetition penalty, temperature, top-k, top-p). Absent from workers that predate it.
   */
  logprobs?: number[];
}

/** Generation figures without the model identity, which the service knows from the registration. */
export type JobStats = Omit<
  GenerationStats,
  'modelId' | 'modelVersion' | 'meanTokenProbability' | 'minTokenProbability'
> &
  // Optional: workers from before confidence figures send none.
  Partial<Pick<GenerationStats, 'meanTokenProbability' | 'minTokenProbability'>>;

export interface JobDoneEvent {
  jobId: string;
  attempt: number;
  text: string;
  stats: JobStats;
}

/** `busy`: the worker's queue is full; `invalid`: the job broke a limit; `error`: the engine failed. */
export const JOB_FAILURE_CODES = ['busy', 'invalid', 'error'] as const;
export type JobFailureCode = (typeof JOB_FAILURE_CODES)[number];

export interface JobFailedEvent {
  jobId: string;
  attempt: number;
  code: JobFailureCode;
  message: string;
}

/** The answer to `job:assign`. */
export type JobAssignAnswer = { accepted: true } | { accepted: false; code: JobFailureCode; message: string };
