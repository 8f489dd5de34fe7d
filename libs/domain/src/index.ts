export * from './shared/decider';
export * from './shared/refusal';
export * from './shared/roles';
export * from './account/account.commands';
export * from './account/account.events';
export * from './account/account.decider';
