export * from './sqlite';
export * from './clock.port';
export * from './sqlite-writer';
