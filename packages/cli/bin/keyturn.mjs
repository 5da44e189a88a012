#!/usr/bin/env node
// The bundled CLI (packages/cli/dist, built with the actions by `npm run build`).
await import('../dist/index.js');
