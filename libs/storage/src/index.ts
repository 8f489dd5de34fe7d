export * from './storage.module';
export * from './stores';
export * from './token-secret';
export * from './projection-set';
export * from './licence-issue-worker';
export * from './licence-expiry-worker';
