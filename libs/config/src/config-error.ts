/** One problem with one environment variable. */
export interface ConfigIssue {
  variable: string;
  problem: string;
}

/** Thrown at start-up when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super('Invalid configuration:\n' + issues.map((issue) => `  - ${issue.variable}: ${issue.problem}`).join('\n'));
    this.name = 'ConfigError';
  }
}
