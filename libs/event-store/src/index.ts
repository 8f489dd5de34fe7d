export * from './envelope';
export * from './event-store.port';
export * from './integrity';
export * from './sqlite/sqlite-event-store';
