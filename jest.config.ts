import type { Config } from 'jest';

// Tests run the built command (dist/git-kiro.js) against real git repositories, so
// `npm test` builds first. Workers are capped: each test spawns many git processes
// and CI has two cores.
const config: Config = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // The real agents run in their own suite (npm run e2e): they install hundreds of MB.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
  testTimeout: 120_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
};
export default config;
