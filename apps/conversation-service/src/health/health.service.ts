import { Inject, Injectable } from '@nestjs/common';
import { DatabaseHealthIndicator, OpenDatabase } from '@neodesk/persistence';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  live: true;
  ready: boolean;
  uptimeSeconds: number;
  checks: {
    database: {
      kind: 'embedded' | 'external';
      reachable: boolean;
      latencyMs: number | null;
      migrations: 'applied' | 'pending' | 'unknown';
      pendingMigrations: string[];
      error?: string;
    };
  };
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(DatabaseHealthIndicator) private readonly database: DatabaseHealthIndicator,
    @Inject(OpenDatabase) private readonly openDatabase: OpenDatabase,
  ) {}

  /** Live means the process answers; ready means it can serve: database reachable, schema current. */
  async report(): Promise<HealthReport> {
    const db = await this.database.check();
    const pending = db.pendingMigrations ?? [];
    const migrations = db.pendingMigrations === null ? 'unknown' : pending.length > 0 ? 'pending' : 'applied';
    const ready = db.reachable && migrations === 'applied';
    return {
      status: ready ? 'ok' : 'unavailable',
      live: true,
      ready,
      uptimeSeconds: Math.round(process.uptime()),
      checks: {
        database: {
          kind: this.openDatabase.kind,
          reachable: db.reachable,
          latencyMs: db.latencyMs,
          migrations,
          pendingMigrations: pending,
          ...(db.error !== undefined ? { error: db.error } : {}),
        },
      },
    };
  }
}
