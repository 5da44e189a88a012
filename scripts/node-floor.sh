#!/usr/bin/env bash
# The oldest Node.js the CLI's `engines` admits (22.15.0, the first 22 with
# zlib's zstd), fetched from the npm registry into a scratch directory, runs
# the tests of the CLI and of the image audit (zstd layers among them): the
# floor README and package.json state is a tested one, not a guess.
set -euo pipefail
cd "$(dirname "$0")/.."
floor=$(node -p "require('./packages/cli/package.json').engines.node.match(/\\d+\\.\\d+\\.\\d+/)[0]")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
npm install --prefix "$scratch" --no-audit --no-fund --no-save --loglevel=error "node@$floor" >/dev/null
old_node="$scratch/node_modules/node/bin/node"
echo "node $("$old_node" --version) (the engines floor, $floor)"
# Worker threads started from the sources load .ts files: Node 22 strips
# types only when asked (23.6 on does it by default); the bundles need nothing.
# Given to vitest's test processes, not NODE_OPTIONS: the tests start other
# Nodes (an older one among them), which refuse it there.
"$old_node" node_modules/vitest/vitest.mjs run --execArgv=--experimental-strip-types \
  --execArgv=--no-warnings=ExperimentalWarning packages/cli actions/audit-image packages/image-audit
