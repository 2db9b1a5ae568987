/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts', '<rootDir>/connectors/**/*.test.ts'],
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/globalSetup.ts',
  // Each file boots embedded databases (PGlite is WASM): keep parallelism to the machine.
  maxWorkers: '50%',
};
