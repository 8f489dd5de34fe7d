export * from './dimensions';
export * from './tally';
export * from './figures';
export * from './statistics-fold';
export * from './statistics-query';
export * from './statistics.projection';
export * from './statistics-replay';
