import type { LiveReportDto, WorkerDto, WorkerListDto } from '@neodesk/contracts';
import { apiFetch } from '../../shared/api/api-client';

/** Query keys of the live operations panel. */
export const operationsKeys = {
  all: ['operations'] as const,
  live: ['operations', 'live'] as const,
  workers: ['operations', 'workers'] as const,
};

/** How often the panel asks again, besides the live events that ask at once. */
export const OPERATIONS_REFRESH_MS = 5_000;

export function fetchLiveReport(): Promise<LiveReportDto> {
  return apiFetch<LiveReportDto>('/api/v1/reports/live');
}

export async function fetchWorkers(): Promise<WorkerDto[]> {
  return (await apiFetch<WorkerListDto>('/api/v1/workers')).data;
}
