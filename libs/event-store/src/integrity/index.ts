export * from './chain';
export * from './verify-integrity';
