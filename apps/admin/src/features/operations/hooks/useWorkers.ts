import type { WorkerDto } from '@neodesk/contracts';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { OPERATIONS_REFRESH_MS, fetchWorkers, operationsKeys } from '../operations-api';

/** The window over which tokens per second are measured. */
export const THROUGHPUT_WINDOW_MS = 30_000;
/** Heartbeats come every 5 s: a shorter span would measure one heartbeat's jitter. */
const MIN_SPAN_MS = 9_000;

interface Sample {
  at: number;
  tokens: number;
}

/**
 * The connected workers, asked again every few seconds, each with its measured tokens per second: the growth
 * of its `tokensGenerated` over the samples of the last 30 s (null until they span 9 s).
 */
export function useWorkers() {
  const query = useQuery({
    queryKey: operationsKeys.workers,
    queryFn: fetchWorkers,
    refetchInterval: OPERATIONS_REFRESH_MS,
    staleTime: 0,
  });
  const samples = useRef(new Map<string, Sample[]>());
  const seenAt = useRef(0);
  if (query.data !== undefined && query.dataUpdatedAt !== seenAt.current) {
    seenAt.current = query.dataUpdatedAt;
    const now = query.dataUpdatedAt;
    const next = new Map<string, Sample[]>();
    for (const worker of query.data) {
      const kept = (samples.current.get(worker.id) ?? []).filter((sample) => now - sample.at <= THROUGHPUT_WINDOW_MS);
      next.set(
        worker.id,
        worker.tokensGenerated === null ? kept : [...kept, { at: now, tokens: worker.tokensGenerated }],
      );
    }
    samples.current = next;
  }
  const tokensPerSecond = (worker: WorkerDto): number | null => {
    const list = samples.current.get(worker.id) ?? [];
    const first = list[0];
    const last = list[list.length - 1];
    if (first === undefined || last === undefined || last.at - first.at < MIN_SPAN_MS) {
      return null;
    }
    return ((last.tokens - first.tokens) * 1000) / (last.at - first.at);
  };
  return { ...query, tokensPerSecond };
}
