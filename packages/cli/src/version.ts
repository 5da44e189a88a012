import packageJson from '../package.json';

/** The CLI's version, from its package.json at build time. */
export const VERSION: string = packageJson.version;
