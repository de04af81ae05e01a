// Jest runs our TypeScript as native ES modules (NestJS 12 ships ESM only), so every
// run needs NODE_OPTIONS=--experimental-vm-modules; scripts/test.mjs sets it.
const libs = ['platform', 'contracts', 'domain', 'compliance-rules', 'sql', 'ledger', 'messaging', 'personal-data', 'read-models', 'testing'];
const moduleNameMapper = Object.fromEntries([
  ...libs.map((lib) => [`^#${lib}$`, `<rootDir>/libs/${lib}/src/index.ts`]),
  ['^#ledger/eventstore$', '<rootDir>/libs/ledger/src/eventstore/index.ts'],
  ['^#messaging/kafka$', '<rootDir>/libs/messaging/src/kafka/index.ts'],
  ['^(\\.{1,2}/.*)\\.js$', '$1'],
]);
const base = {
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper,
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};
export default {
  // Time limits are generous: a limit is not a speed target (benchmarks measure speed), and a
  // 2-core machine running PGlite, Kafka and Node side by side can stall a hook for seconds.
  testTimeout: 120_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts'] },
    {
      ...base,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
  ],
};
