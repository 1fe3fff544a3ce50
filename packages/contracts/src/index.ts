export * from './topics';
export * from './events';
export * from './json-schemas';
export * from './evolution';
export * from './api';
