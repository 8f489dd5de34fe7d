export * from './app';
export * from './applications';
export * from './events';
export * from './given';
export * from './smtp-sink';
export * from './time';
export * from './review';
export * from './licences';
