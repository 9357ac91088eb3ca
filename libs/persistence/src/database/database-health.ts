import { DataSource, MigrationExecutor } from 'typeorm';

export interface DatabaseHealth {
  reachable: boolean;
  latencyMs: number | null;
  pendingMigrations: string[] | null;
  error?: string;
}

/** Answers "can we serve?" for readiness probes: the database answers and the schema is current. */
export class DatabaseHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeoutMs = 2000,
  ) {}

  async check(): Promise<DatabaseHealth> {
    const started = performance.now();
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), this.timeoutMs);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      const pending = await withTimeout(new MigrationExecutor(this.dataSource).getPendingMigrations(), this.timeoutMs);
      return { reachable: true, latencyMs, pendingMigrations: pending.map((migration) => migration.name) };
    } catch (error) {
      return {
        reachable: false,
        latencyMs: null,
        pendingMigrations: null,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
