export * from './instance';
export * from './package';
export * from './run-data';
export * from './runtime';
export * from './workflows';
export * from './examples';
export * from './simulator-log';
export * from './executions';
