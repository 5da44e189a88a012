export * from './emulator';
export * from './protected-resource';
export * from './recording-runner';
export * from './run-bundle';
export * from './ssm';
export * from './infisical';
