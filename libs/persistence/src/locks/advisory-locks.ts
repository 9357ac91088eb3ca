import { EntityManager } from 'typeorm';

/** PostgreSQL advisory locks: mutual exclusion across service replicas without a lock table. */
export class AdvisoryLocks {
  constructor(private readonly manager: EntityManager) {}

  /** Waits for the named lock; PostgreSQL releases it when the surrounding transaction ends. */
  async lockForTransaction(name: string): Promise<void> {
    await this.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
  }
}
