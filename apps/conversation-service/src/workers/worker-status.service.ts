import { Inject, Injectable } from '@nestjs/common';
import type { ModelDto, WorkerDto } from '@neodesk/contracts';
import { type WorkerView, WorkerRegistry } from './worker-registry';

/** What operators see of the inference workers: each one of the cluster, and the models they serve. */
@Injectable()
export class WorkerStatusService {
  constructor(@Inject(WorkerRegistry) private readonly registry: WorkerRegistry) {}

  /** Every registered worker of the cluster, longest connected first. */
  async workers(): Promise<WorkerDto[]> {
    const views = await this.registry.list();
    return views.sort((a, b) => a.connectedAt - b.connectedAt || a.workerId.localeCompare(b.workerId)).map(toWorkerDto);
  }

  /** The models in use, by id and version, with their workers' figures added up. */
  async models(): Promise<ModelDto[]> {
    return groupModels(await this.workers());
  }
}

export function toWorkerDto(view: WorkerView): WorkerDto {
  const { registration, heartbeat } = view;
  return {
    id: view.workerId,
    host: registration.host,
    pid: registration.pid,
    modelId: registration.modelId,
    modelVersion: registration.modelVersion,
    provider: registration.provider,
    decoder: registration.decoder,
    maxBatchSize: registration.maxBatchSize,
    maxQueued: registration.maxQueued,
    maxSequenceLength: registration.maxSequenceLength,
    connectedAt: new Date(view.connectedAt).toISOString(),
    lastSeenAt: new Date(view.lastSeenAt).toISOString(),
    running: heartbeat?.running ?? null,
    waiting: heartbeat?.waiting ?? null,
    assignedJobs: view.assigned,
    tokensGenerated: heartbeat?.tokensGenerated ?? null,
    timeToFirstTokenP50Ms: heartbeat?.timeToFirstTokenP50Ms ?? null,
    interTokenP50Ms: heartbeat?.interTokenP50Ms ?? null,
    meanBatchSize: heartbeat?.meanBatchSize ?? null,
  };
}

export function groupModels(workers: readonly WorkerDto[]): ModelDto[] {
  const models = new Map<string, ModelDto>();
  for (const worker of workers) {
    const key = JSON.stringify([worker.modelId, worker.modelVersion]);
    const model = models.get(key) ?? {
      modelId: worker.modelId,
      modelVersion: worker.modelVersion,
      workers: 0,
      providers: [],
      decoders: [],
      maxSequenceLength: worker.maxSequenceLength,
      maxBatchSize: 0,
      running: 0,
      waiting: 0,
      tokensGenerated: 0,
    };
    model.workers += 1;
    addSorted(model.providers, worker.provider);
    addSorted(model.decoders, worker.decoder);
    model.maxSequenceLength = Math.min(model.maxSequenceLength, worker.maxSequenceLength);
    model.maxBatchSize += worker.maxBatchSize;
    model.running += worker.running ?? 0;
    model.waiting += worker.waiting ?? 0;
    model.tokensGenerated += worker.tokensGenerated ?? 0;
    models.set(key, model);
  }
  return [...models.values()].sort(
    (a, b) => a.modelId.localeCompare(b.modelId) || a.modelVersion.localeCompare(b.modelVersion),
  );
}

function addSorted(list: string[], value: string): void {
  if (!list.includes(value)) {
    list.push(value);
    list.sort();
  }
}
