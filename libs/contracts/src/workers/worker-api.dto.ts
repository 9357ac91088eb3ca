import { z } from 'zod';

const WORKER_EXAMPLE = {
  id: '5b8e2c1a-4d3f-4a6b-9c7e-0f1a2b3c4d5e',
  host: 'gpu-node-1',
  pid: 4242,
  modelId: 'neodesk-support-gpt-neo',
  modelVersion: 'sha256:3f2b8c1e',
  provider: 'cuda',
  decoder: 'fused',
  maxBatchSize: 16,
  maxQueued: 64,
  maxSequenceLength: 2048,
  connectedAt: '2026-11-26T09:00:00.000Z',
  lastSeenAt: '2026-11-26T10:00:05.000Z',
  running: 3,
  waiting: 0,
  assignedJobs: 3,
  tokensGenerated: 182340,
  timeToFirstTokenP50Ms: 41.5,
  interTokenP50Ms: 9.2,
  meanBatchSize: 2.7,
};

/**
 * An inference worker connected to the cluster (any replica). Load figures come from its heartbeat
 * (every 5 s); they are null until the first one.
 */
export const workerSchema = z
  .object({
    /** Given by the service when the worker connected; a reconnect gets a new one. */
    id: z.guid(),
    host: z.string(),
    pid: z.int(),
    modelId: z.string(),
    modelVersion: z.string(),
    /** onnxruntime execution provider (cpu, webgpu, cuda). */
    provider: z.string(),
    decoder: z.string(),
    maxBatchSize: z.int(),
    maxQueued: z.int(),
    maxSequenceLength: z.int(),
    connectedAt: z.iso.datetime(),
    /** The last heartbeat or job event. */
    lastSeenAt: z.iso.datetime(),
    /** Replies decoding now. */
    running: z.int().nullable(),
    /** Replies queued for a slot. */
    waiting: z.int().nullable(),
    /** Replies the service has handed to it that have not ended (exact, without waiting for a heartbeat). */
    assignedJobs: z.int(),
    /** Tokens generated since the worker started. */
    tokensGenerated: z.int().nullable(),
    timeToFirstTokenP50Ms: z.number().nullable(),
    interTokenP50Ms: z.number().nullable(),
    meanBatchSize: z.number().nullable(),
  })
  .meta({ examples: [WORKER_EXAMPLE] });
export type WorkerDto = z.infer<typeof workerSchema>;

export const workerListSchema = z
  .object({ data: z.array(workerSchema) })
  .meta({ examples: [{ data: [WORKER_EXAMPLE] }] });
export type WorkerListDto = z.infer<typeof workerListSchema>;

const MODEL_EXAMPLE = {
  modelId: 'neodesk-support-gpt-neo',
  modelVersion: 'sha256:3f2b8c1e',
  workers: 2,
  providers: ['cpu', 'cuda'],
  decoders: ['fused'],
  maxSequenceLength: 2048,
  maxBatchSize: 32,
  running: 4,
  waiting: 0,
  tokensGenerated: 364200,
};

/** A model in use: the workers that serve one model id and version, with their figures added up. */
export const modelSchema = z
  .object({
    modelId: z.string(),
    modelVersion: z.string(),
    workers: z.int(),
    providers: z.array(z.string()),
    decoders: z.array(z.string()),
    /** The smallest context among its workers. */
    maxSequenceLength: z.int(),
    /** Replies its workers can decode together. */
    maxBatchSize: z.int(),
    running: z.int(),
    waiting: z.int(),
    tokensGenerated: z.int(),
  })
  .meta({ examples: [MODEL_EXAMPLE] });
export type ModelDto = z.infer<typeof modelSchema>;

export const modelListSchema = z.object({ data: z.array(modelSchema) }).meta({ examples: [{ data: [MODEL_EXAMPLE] }] });
export type ModelListDto = z.infer<typeof modelListSchema>;
