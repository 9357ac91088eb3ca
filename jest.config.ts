import type { Config } from 'jest';

const moduleNameMapper = {
  '^@neodesk/config$': '<rootDir>/libs/config/src',
  '^@neodesk/contracts$': '<rootDir>/libs/contracts/src',
  '^@neodesk/persistence$': '<rootDir>/libs/persistence/src',
  '^@neodesk/inference$': '<rootDir>/libs/inference/src',
  '^@neodesk/migrations$': '<rootDir>/migrations',
};

const transform: Config['transform'] = {
  // Transpile only: `npm run check` does the type-checking once for the whole tree.
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
};

/**
 * Unit specs live beside the code (apps/, libs/); integration and end-to-end specs under test/.
 * Every spec that needs PostgreSQL gets the database prepared by test/setup/global-setup.ts.
 */
const embeddedDatabase = process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '';

const config: Config = {
  rootDir: '.',
  // An embedded PGlite serves one session: test files take turns on it instead of interleaving. They then
  // run in jest's own process, where one handle a spec leaves open would keep the run from ending (seen once
  // after a full embedded run, with every test passed): the run exits once the teardown's log scan is done.
  ...(embeddedDatabase ? { maxWorkers: 1, forceExit: true } : {}),
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'js', 'json'],
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
      moduleNameMapper,
      transform,
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'js', 'json'],
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      moduleNameMapper,
      transform,
    },
  ],
};

export default config;
