import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  type InjectionToken,
  type ModuleMetadata,
} from '@nestjs/common';
import type { DatabaseConfig } from '@neodesk/config';
import { DataSource } from 'typeorm';
import { DatabaseHealthIndicator } from './database/database-health';
import { OpenDatabase, openDatabase } from './database/open-database';
import { Repositories, UnitOfWork } from './database/unit-of-work';
import { OutboxSignal } from './webhooks/outbox-signal';

export interface PersistenceOptions {
  database: DatabaseConfig;
}

const PERSISTENCE_OPTIONS = Symbol('PERSISTENCE_OPTIONS');

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(OpenDatabase) private readonly database: OpenDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/** Opens the database once per process and provides the data source, repositories and unit of work. */
@Global()
@Module({})
export class PersistenceModule {
  static forRootAsync(options: {
    imports?: ModuleMetadata['imports'];
    inject: InjectionToken[];
    useFactory: (...args: never[]) => PersistenceOptions;
  }): DynamicModule {
    const logger = new Logger('Database');
    return {
      module: PersistenceModule,
      imports: options.imports ?? [],
      providers: [
        { provide: PERSISTENCE_OPTIONS, inject: options.inject, useFactory: options.useFactory },
        {
          provide: OpenDatabase,
          inject: [PERSISTENCE_OPTIONS],
          useFactory: (persistence: PersistenceOptions) =>
            openDatabase(persistence.database, {
              runMigrations: persistence.database.migrateOnStart,
              events: {
                embeddedStarted: (dataDir) => logger.log(`Embedded PostgreSQL (PGlite) started, data in ${dataDir}`),
                connectFailed: (attempt, of, reason) =>
                  logger.warn(`Database connection attempt ${attempt}/${of} failed: ${reason}`),
                migrationsApplied: (names) => logger.log(`Applied migrations: ${names.join(', ')}`),
              },
            }),
        },
        { provide: DataSource, inject: [OpenDatabase], useFactory: (database: OpenDatabase) => database.dataSource },
        { provide: OutboxSignal, useValue: new OutboxSignal() },
        {
          provide: UnitOfWork,
          inject: [DataSource, OutboxSignal],
          useFactory: (dataSource: DataSource, outbox: OutboxSignal) => new UnitOfWork(dataSource, outbox),
        },
        {
          provide: Repositories,
          inject: [DataSource, OutboxSignal],
          // Outside a transaction every statement commits by itself: wake the dispatcher at once.
          useFactory: (dataSource: DataSource, outbox: OutboxSignal) =>
            new Repositories(dataSource.manager, () => outbox.notify()),
        },
        {
          provide: DatabaseHealthIndicator,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new DatabaseHealthIndicator(dataSource),
        },
        DatabaseCloser,
      ],
      exports: [OpenDatabase, DataSource, UnitOfWork, Repositories, DatabaseHealthIndicator, OutboxSignal],
    };
  }
}
