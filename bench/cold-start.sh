#!/usr/bin/env bash
# Cold start of every bundled action, run as the runner would with a missing
# input (it fails at once with keyturn's message), next to an empty Node:
# median wall time of 5 runs, peak RSS, and bundle size; then the keyturn
# command's answers that load no action (version, help, a usage error).
#   bash bench/cold-start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
node=node_modules/.bin/node
runs=${RUNS:-5}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
measure() {
  local times=() rss=() out record
  record=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$record" -f '%e %M' "$@" >/dev/null 2>&1 || true
    out=$(tail -n 1 "$record")
    times+=("${out% *}")
    rss+=("${out#* }")
  done
  rm -f "$record"
  printf '%s s  %s MB' "$(printf '%s\n' "${times[@]}" | median)" "$(( $(printf '%s\n' "${rss[@]}" | median) / 1024 ))"
}
echo "node $($node --version), median of $runs"
printf '%-22s %10s  %s\n' "node -e ''" "" "$(measure $node -e '')"
for bundle in actions/*/dist/index.js; do
  name=${bundle#actions/}
  name=${name%%/*}
  size=$(( $(stat -c %s "$bundle") / 1024 ))
  printf '%-22s %7s KB  %s\n' "$name" "$size" "$(measure $node "$bundle")"
done
cli=packages/cli/dist/index.js
size=$(( $(stat -c %s "$cli") / 1024 ))
for args in --version 'verify --help' 'verify --expcet 401'; do
  # shellcheck disable=SC2086 # the words are the command line
  printf '%-26s %3s KB  %s\n' "keyturn $args" "$size" "$(measure $node "$cli" $args)"
done
