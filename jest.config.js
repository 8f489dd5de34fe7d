// @swc/jest strips types without checking them (2.5x faster than ts-jest); `npm run typecheck` checks.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@shtc/projections(.*)$': '<rootDir>/projections$1',
  '^@shtc/event-store/eventstoredb$': '<rootDir>/libs/event-store/src/eventstoredb/eventstoredb-event-store',
  '^@shtc/read-store/mongodb$': '<rootDir>/libs/read-store/src/mongodb/mongodb-read-store',
  '^@shtc/attachments/gridfs$': '<rootDir>/libs/attachments/src/gridfs/gridfs-file-store',
  '^@shtc/testing$': '<rootDir>/test/support',
  '^@shtc/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
const common = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  // E2E tests start the real app and hash passwords with scrypt: more than the default 5 s.
  testTimeout: 20_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/projections/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'contract', testMatch: ['<rootDir>/test/contract/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts', '<rootDir>/apps/**/*.e2e-spec.ts'] },
    { ...common, displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.spec.ts'] },
  ],
};
