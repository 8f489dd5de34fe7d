export * from './sqlite';
export * from './clock.port';
