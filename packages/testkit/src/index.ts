export * from './emulator';
export * from './protected-resource';
export * from './run-bundle';
