import type { EntityManager, EntityMetadata, ObjectLiteral } from 'typeorm';

/**
 * Hand-written SQL on the per-message hot path, read back into entities exactly as TypeORM's own finds
 * would: the same columns, each value converted by the driver as TypeORM converts the rows it loads.
 */

const selectLists = new WeakMap<EntityMetadata, string>();

/** The columns TypeORM's find selects, quoted, for a SELECT. */
export function selectList(metadata: EntityMetadata): string {
  let list = selectLists.get(metadata);
  if (list === undefined) {
    list = selectedColumns(metadata)
      .map((column) => `"${column.databaseName}"`)
      .join(', ');
    selectLists.set(metadata, list);
  }
  return list;
}

/** PostgreSQL's unique_violation. */
export const UNIQUE_VIOLATION = '23505';
const DUPLICATE_PREPARED_STATEMENT = '42P05';

/** What queryPrepared needs of the pg client behind a TypeORM query runner. */
interface PreparingClient {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * Runs a named prepared statement on the manager's connection (its transaction's, or one from the pool):
 * the text goes to the server once per connection, which then only binds and executes it.
 */
export async function queryPrepared<R>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PreparingClient;
    try {
      return (await client.query<R>({ name, text, values })).rows;
    } catch (error) {
      // Several connections to one embedded PGlite share its single session, and so its statement names.
      if ((error as { code?: unknown }).code !== DUPLICATE_PREPARED_STATEMENT) {
        throw error;
      }
      return (await runner.query(text, values)) as R[];
    }
  } finally {
    if (manager.queryRunner === undefined) {
      await runner.release();
    }
  }
}

/** `alias."column" AS "<prefix>column"` for every selected column of an entity. */
export function prefixed(metadata: EntityMetadata, alias: string, prefix: string): string {
  return selectedColumns(metadata)
    .map((column) => `${alias}."${column.databaseName}" AS "${prefix}${column.databaseName}"`)
    .join(', ');
}

export function unprefixed(row: Record<string, unknown>, prefix: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}

/** Real columns only: a virtual property (a subquery) has no column to name. */
function selectedColumns(metadata: EntityMetadata): EntityMetadata['columns'] {
  return metadata.columns.filter((column) => column.isSelect && !column.isVirtualProperty);
}

/** An entity from a raw row, each value converted as TypeORM converts the rows it loads. */
export function hydrate<T extends ObjectLiteral>(
  manager: EntityManager,
  metadata: EntityMetadata,
  row: Record<string, unknown>,
): T {
  const entity = metadata.create() as T;
  for (const column of selectedColumns(metadata)) {
    column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return entity;
}
