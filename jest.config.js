/** One jest configuration for every workspace: fast unit tests, and system tests on the real stack. */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
// Tests run against the shared packages' sources, not their build output.
// Installed tools and build trees under .platform/ are not ours to crawl.
const modulePathIgnorePatterns = ['<rootDir>/.platform/'];
const moduleNameMapper = { '^@shop/(platform|contracts)$': '<rootDir>/packages/$1/src' };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
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
      moduleNameMapper,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/tests/system/**/*.test.ts'],
    },
  ],
};
