export * from './projection';
export * from './projection-runner';
export * from './projection-catalog';
export * from './projection-testing';
export * from './single-stream-projection';
export * from './projection-generations';
