// Runs bench.ts on Node 24's built-in type stripping. The workspace's
// TypeScript imports are extensionless (bundler resolution); this hook tries
// `.ts` and `/index.ts` when Node's own resolution finds nothing.
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

await import('./bench.ts');
