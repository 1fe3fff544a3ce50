/** One jest configuration for every workspace: fast unit tests, and system tests on the real stack. */
const transform = {
  '^.+\\.[tj]s$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
// Tests run against the shared packages' sources, not their build output.
// Installed tools and build trees under .platform/ are not ours to crawl.
const modulePathIgnorePatterns = ['<rootDir>/.platform/'];
const moduleNameMapper = { '^@shop/(platform|contracts)$': '<rootDir>/packages/$1/src' };
// jose ships only ES modules; Node 20 can require them, jest's module loader cannot, so it is
// compiled to CommonJS like our own sources.
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      modulePathIgnorePatterns,
      testMatch: [
        '<rootDir>/packages/*/src/**/*.test.ts',
        '<rootDir>/services/*/src/**/*.test.ts',
        '<rootDir>/scripts/**/*.test.ts',
      ],
    },
    {
      displayName: 'system',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/tests/system/**/*.test.ts'],
    },
    {
      // The Helm chart, offline: lint, render, schemas and rules (npm run test:charts).
      displayName: 'charts',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/tests/charts/**/*.test.ts'],
    },
  ],
};
