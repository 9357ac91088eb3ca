import type { EntityManager } from 'typeorm';

export class InstanceSecretsRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * The secret stored under `name`, storing `candidate` first when there is none. Replicas starting
   * together all end with the one that was stored first: the insert yields to a concurrent one, and the
   * read after it (a new statement, a new snapshot) sees whichever committed.
   */
  async getOrCreate(name: string, candidate: string): Promise<string> {
    await this.manager.query(
      `INSERT INTO instance_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`,
      [name, candidate],
    );
    const rows: { value: string }[] = await this.manager.query(`SELECT value FROM instance_secrets WHERE name = $1`, [
      name,
    ]);
    const stored = rows[0];
    if (stored === undefined) {
      throw new Error(`Instance secret ${name} was neither stored nor found`);
    }
    return stored.value;
  }
}
