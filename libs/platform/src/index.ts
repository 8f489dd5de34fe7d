export * from './sqlite';
export * from './clock.port';
export * from './config';
export * from './sqlite-writer';
export * from './polling-loop';
export * from './deep-freeze';
export * from './storage-failure';
