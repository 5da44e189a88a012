// Lets Node 24 run the workspace's TypeScript directly (built-in type
// stripping): `node --import ./scripts/register-ts.mjs file.ts`. Our imports
// are extensionless (bundler resolution), so `.ts` and `/index.ts` are tried
// when Node's own resolution finds nothing.
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

registerHooks({
  // @actions/workflow-parser imports its schema JSON without an import
  // attribute, which Node refuses: hand that JSON over as a module.
  load(url, context, nextLoad) {
    if (url.startsWith('file:') && url.includes('/node_modules/@actions/') && url.endsWith('.json')) {
      const json = readFileSync(fileURLToPath(url), 'utf8');
      return { format: 'module', source: `export default ${json};`, shortCircuit: true };
    }
    return nextLoad(url, context);
  },
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
