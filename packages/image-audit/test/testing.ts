// What other workspaces' tests use to build images and tokens
// (`@keyturn/image-audit/testing`): the action's and the CLI's tests, the
// workflow tests.
export * from './archive-builder';
export * from './gitleaks-config';
export * from './rpm-builder';
export * from './tokens';
