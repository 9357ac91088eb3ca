import fs from 'node:fs';
import path from 'node:path';
import { EnvReader, readDatabaseConfig } from '@neodesk/config';
import { backupEmbedded, restoreEmbedded } from '@neodesk/persistence';
import { runCli } from './run-cli';

const USAGE = `Usage: backup-cli backup <file.tar.gz>    copy the embedded database of DATA_DIR (the service may be running)
       backup-cli restore <file.tar.gz>   unpack a backup into DATA_DIR, which must hold no database yet`;

const SERVER_HINT =
  'DATABASE_URL is set: back up a PostgreSQL server with its own tools, ' +
  'pg_dump --format=custom --file=neodesk.dump "$DATABASE_URL", and restore with ' +
  'pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" neodesk.dump (see the README).';

/** npm run backup / npm run restore for the embedded database (DATA_DIR); same config and lock as the service. */
async function main(argv: string[]): Promise<number> {
  const [command, file, ...rest] = argv;
  if ((command !== 'backup' && command !== 'restore') || file === undefined || rest.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const reader = new EnvReader(process.env);
  const config = readDatabaseConfig(reader);
  reader.assertValid();
  if (config.kind === 'external') {
    process.stderr.write(`${SERVER_HINT}\n`);
    return 2;
  }
  const target = path.resolve(file);
  const started = Date.now();
  if (command === 'backup') {
    const { archive, online } = await backupEmbedded(config.dataDir);
    // Written beside the target and renamed: a half-written file never has the backup's name.
    const partial = `${target}.partial`;
    fs.writeFileSync(partial, archive, { mode: 0o600 });
    fs.renameSync(partial, target);
    process.stdout.write(
      `Backed up ${config.dataDir} to ${target}: ${archive.length} bytes in ${Date.now() - started} ms ` +
        `(${online ? 'online, from the running service' : 'offline, no service was running'})\n`,
    );
    return 0;
  }
  if (!fs.existsSync(target)) {
    process.stderr.write(`No backup file at ${target}\n`);
    return 1;
  }
  await restoreEmbedded(config.dataDir, fs.readFileSync(target));
  process.stdout.write(`Restored ${target} into ${config.dataDir} in ${Date.now() - started} ms\n`);
  return 0;
}

runCli(main);
