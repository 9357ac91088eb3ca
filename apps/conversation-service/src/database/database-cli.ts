import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { EnvReader, readDatabaseConfig } from '@neodesk/config';
import { OpenDatabase, applyMigrations, openDatabase } from '@neodesk/persistence';
import { MigrationExecutor } from 'typeorm';
import { runCli } from './run-cli';

const USAGE = `Usage: database-cli <command>
  run              apply pending migrations
  revert           undo the newest applied migration
  show             list applied and pending migrations
  generate <Name>  write migrations/<timestamp>-<Name>.ts from the difference between entities and the database`;

/** The migration commands behind npm run migration:*; same config, embedded database and lock as the service. */
async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  if (command === undefined || !['run', 'revert', 'show', 'generate'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === 'generate' && (name === undefined || !/^[A-Z][A-Za-z0-9]{2,80}$/.test(name))) {
    process.stderr.write('generate needs a PascalCase migration name, e.g. AddConversationPriority\n');
    return 2;
  }
  const reader = new EnvReader(process.env);
  const config = readDatabaseConfig(reader);
  reader.assertValid();
  const database = await openDatabase(config, { runMigrations: false });
  try {
    switch (command) {
      case 'run': {
        const names = await applyMigrations(database.dataSource);
        process.stdout.write(names.length === 0 ? 'No pending migrations.\n' : `Applied: ${names.join(', ')}\n`);
        return 0;
      }
      case 'revert': {
        const executor = new MigrationExecutor(database.dataSource);
        const executed = await executor.getExecutedMigrations();
        if (executed.length === 0) {
          process.stdout.write('No migration to revert.\n');
          return 0;
        }
        await database.dataSource.undoLastMigration({ transaction: 'each' });
        process.stdout.write(`Reverted: ${executed[0].name}\n`);
        return 0;
      }
      case 'show':
        await show(database);
        return 0;
      default:
        return await generate(database, name ?? '');
    }
  } finally {
    await database.close();
  }
}

async function show(database: OpenDatabase): Promise<void> {
  const executor = new MigrationExecutor(database.dataSource);
  const executed = new Set((await executor.getExecutedMigrations()).map((migration) => migration.name));
  for (const migration of database.dataSource.migrations) {
    const migrationName = migration.name ?? migration.constructor.name;
    process.stdout.write(`${executed.has(migrationName) ? '[x]' : '[ ]'} ${migrationName}\n`);
  }
}

async function generate(database: OpenDatabase, name: string): Promise<number> {
  const pending = await new MigrationExecutor(database.dataSource).getPendingMigrations();
  if (pending.length > 0) {
    process.stderr.write(
      `Apply pending migrations first (npm run migration:run): ${pending.map((m) => m.name).join(', ')}\n`,
    );
    return 1;
  }
  const sql = await database.dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    process.stdout.write('The entities match the database: nothing to generate.\n');
    return 0;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const fileName = `${timestamp}-${name}`;
  const quote = (query: string): string => `    await queryRunner.query(${JSON.stringify(query)});`;
  const source = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map((query) => quote(query.query)).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries
  .reverse()
  .map((query) => quote(query.query))
  .join('\n')}
  }
}
`;
  const migrationsDir = path.resolve('migrations');
  fs.writeFileSync(path.join(migrationsDir, `${fileName}.ts`), source);
  registerMigration(path.join(migrationsDir, 'index.ts'), className, fileName);
  process.stdout.write(
    `Wrote migrations/${fileName}.ts and registered it in migrations/index.ts. Review it before committing.\n`,
  );
  return 0;
}

/** Adds the new class to the explicit list in migrations/index.ts (imports stay sorted by timestamp). */
function registerMigration(indexPath: string, className: string, fileName: string): void {
  const index = fs.readFileSync(indexPath, 'utf8');
  const withImport = index.replace(/(\n)(\n\/\*\*)/, `\nimport { ${className} } from './${fileName}';$1$2`);
  const withEntry = withImport.replace(/\n\];/, `\n  ${className},\n];`);
  fs.writeFileSync(indexPath, withEntry);
}

runCli(main);
