/** Figures the worker reports: how busy it is and how fast tokens come out. */
export interface EngineMetricsSnapshot {
  running: number;
  waiting: number;
  requestsCompleted: number;
  requestsCancelled: number;
  requestsRejectedBusy: number;
  tokensGenerated: number;
  steps: number;
  batchSize: { last: number; mean: number };
  queueMs: Percentiles;
  timeToFirstTokenMs: Percentiles;
  interTokenMs: Percentiles;
}

export interface Percentiles {
  count: number;
  p50: number | null;
  p95: number | null;
}

/** Keeps the most recent samples so percentiles follow current load rather than all history. */
class Window {
  private readonly values: number[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  add(value: number): void {
    if (this.values.length < this.capacity) {
      this.values.push(value);
    } else {
      this.values[this.next] = value;
      this.next = (this.next + 1) % this.capacity;
    }
  }

  percentiles(): Percentiles {
    if (this.values.length === 0) {
      return { count: 0, p50: null, p95: null };
    }
    const sorted = [...this.values].sort((a, b) => a - b);
    return { count: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
  }
}

export function percentile(sorted: readonly number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

export class EngineMetrics {
  running = 0;
  waiting = 0;
  requestsCompleted = 0;
  requestsCancelled = 0;
  requestsRejectedBusy = 0;
  tokensGenerated = 0;
  steps = 0;
  private batchSizeSum = 0;
  private lastBatchSize = 0;
  private readonly queueMs = new Window(2048);
  private readonly ttftMs = new Window(2048);
  private readonly interTokenMs = new Window(8192);

  recordStep(batchSize: number): void {
    this.steps++;
    this.batchSizeSum += batchSize;
    this.lastBatchSize = batchSize;
  }

  recordQueue(ms: number): void {
    this.queueMs.add(ms);
  }

  recordFirstToken(ms: number): void {
    this.ttftMs.add(ms);
  }

  recordInterToken(ms: number): void {
    this.interTokenMs.add(ms);
  }

  snapshot(): EngineMetricsSnapshot {
    return {
      running: this.running,
      waiting: this.waiting,
      requestsCompleted: this.requestsCompleted,
      requestsCancelled: this.requestsCancelled,
      requestsRejectedBusy: this.requestsRejectedBusy,
      tokensGenerated: this.tokensGenerated,
      steps: this.steps,
      batchSize: { last: this.lastBatchSize, mean: this.steps === 0 ? 0 : this.batchSizeSum / this.steps },
      queueMs: this.queueMs.percentiles(),
      timeToFirstTokenMs: this.ttftMs.percentiles(),
      interTokenMs: this.interTokenMs.percentiles(),
    };
  }
}
