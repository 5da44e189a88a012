// Lets Node 24 run the workspace's TypeScript directly (built-in type
// stripping): `node --import ./scripts/register-ts.mjs file.ts`. Our imports
// are extensionless (bundler resolution), so `.ts` and `/index.ts` are tried
// when Node's own resolution finds nothing.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.startsWith('.') || /\.[cm]?[jt]s$/.test(specifier)) throw error;
      for (const suffix of ['.ts', '/index.ts']) {
        try {
          return nextResolve(specifier + suffix, context);
        } catch {}
      }
      throw error;
    }
  },
});
