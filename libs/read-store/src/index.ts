export * from './read-store.port';
export * from './paging';
export * from './sqlite/sqlite-read-store';
export * from './projections';
