export { ConfigError } from './config-error';
export type { ConfigIssue } from './config-error';
export { readDatabaseConfig } from './database-config';
export type { DatabaseConfig } from './database-config';
export { EnvReader, redactUrl } from './env-reader';
export type { Env } from './env-reader';
