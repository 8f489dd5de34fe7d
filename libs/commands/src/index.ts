export * from './stream-commands';
export * from './case-numbers';
export * from './access-policy';
export * from './licence-issue';
