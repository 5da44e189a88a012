#!/usr/bin/env bash
# A realistic corpus for audit-image (out of the test hot path): images
# built like real ones from real third-party content, plus secrets planted
# in the application's own files, audited by measure-corpus.ts.
#
#   apt-get update && apt-get install -y umoci skopeo   (as .ci/run does)
#   bash bench/audit-image/corpus.sh [WORK]             (npm run bench:audit-corpus)
#
# Base layer: Debian packages fetched with `apt-get download`, unpacked with
# `dpkg-deb` and their dpkg records written as dpkg writes them (status,
# info/<pkg>.md5sums from the package's own control archive, info/<pkg>.list),
# so every md5sums line is the package's. Node layer: packages from the npm
# registry (`npm pack`), under app/node_modules with a package-lock.json of
# their registry integrity, and npm itself under /usr/local/lib/node_modules.
# Application layer: planted secrets (an .env, a password inside a .jar, a
# package file the owner changed, AWS credentials deleted by the next layer),
# a build arg in the history and a token in Env. Nothing here is committed:
# the images, tokens and downloads stay in WORK.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${KEYTURN_ROOT:-$(cd "$here/../.." && pwd)}"
cd "$root"
work="${1:-/tmp/keyturn-bench-corpus}"
node="$root/node_modules/.bin/node"
mkdir -p "$work/debs" "$work/npm"

DEBS=(libgnutls30 libssl3 openssl ca-certificates libpython3.11-minimal libpython3.11-stdlib python3.11-minimal
  python3-botocore python3-boto3 python3-s3transfer python3-oauthlib python3-jwt python3-requests python3-urllib3
  python3-certifi python3-cryptography python3-paramiko)
NPMS=(jsonwebtoken@9.0.2 aws-sdk@2.1692.0 stripe@17.4.0 oauth4webapi@3.1.4 express@4.21.2 pg@8.13.1)
NPM_CLI=npm@10.9.2

if [ -z "$(ls "$work/debs"/*.deb 2>/dev/null)" ]; then
  (cd "$work/debs" && apt-get download "${DEBS[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
fi
if [ ! -s "$work/npm/pack.json" ]; then
  (cd "$work/npm" && npm pack --silent --json "${NPMS[@]}" "$NPM_CLI" > pack.json)
fi

# Random tokens, made now (nothing token-shaped is written in this repository).
eval "$("$node" --input-type=module -e '
  const { tokens } = await import(process.argv[1]);
  const word = () => { for (;;) { const v = tokens.password().replace(/[^A-Za-z0-9]/g, "q"); if (!/token|secret|pass|key|auth/i.test(v)) return v; } };
  const planted = {
    ENV_GITHUB_TOKEN: tokens.githubPat(),
    JAR_DB_PASSWORD: word(),
    CHANGED_PACKAGE_FILE_TOKEN: tokens.githubPat(),
    DELETED_AWS_KEY_ID: tokens.awsAccessKeyId(),
    DELETED_AWS_SECRET: tokens.awsSecretAccessKey(),
    BUILD_ARG_NPM_TOKEN: tokens.npm(),
    CONFIG_ENV_STRIPE_KEY: tokens.stripeLive(),
    NODE_MODULES_ADDED_SLACK: tokens.slackBot(),
  };
  for (const [name, value] of Object.entries(planted)) console.log(`${name}=${JSON.stringify(value)}`);
  (await import("node:fs")).writeFileSync(process.argv[2], JSON.stringify(planted, null, 2) + "\n");
' "$root/packages/image-audit/test/tokens.ts" "$work/planted.json")"

layout="$work/oci"
rm -rf "$layout" "$work"/bundle* "$work"/images
mkdir -p "$work/images"
umoci init --layout "$layout"
umoci new --image "$layout:app"
umoci config --image "$layout:app" --config.env "PATH=/usr/local/bin:/usr/bin:/bin" --history.created_by '/bin/sh -c #(nop)  ARG NPM_TOKEN'

# Layer 0: the Debian packages, as dpkg leaves them.
umoci unpack --rootless --image "$layout:app" "$work/bundle0"
rootfs="$work/bundle0/rootfs"
mkdir -p "$rootfs/var/lib/dpkg/info"
: > "$rootfs/var/lib/dpkg/status"
for deb in "$work/debs"/*.deb; do
  pkg=$(dpkg-deb -f "$deb" Package)
  arch=$(dpkg-deb -f "$deb" Architecture)
  name=$pkg
  [ "$arch" = all ] || name="$pkg:$arch"
  dpkg-deb -x "$deb" "$rootfs"
  ctrl=$(mktemp -d)
  dpkg-deb -e "$deb" "$ctrl"
  [ -f "$ctrl/md5sums" ] && cp "$ctrl/md5sums" "$rootfs/var/lib/dpkg/info/$name.md5sums"
  dpkg-deb -c "$deb" | awk '{ print $6 }' | sed -e 's#^\./#/#' -e 's#/$##' -e 's#^$#/.#' > "$rootfs/var/lib/dpkg/info/$name.list"
  rm -rf "$ctrl"
  {
    echo "Package: $pkg"
    echo "Status: install ok installed"
    dpkg-deb -f "$deb" Priority Section Installed-Size Maintainer Architecture Version Depends Description
    echo
  } >> "$rootfs/var/lib/dpkg/status"
done
umoci repack --image "$layout:app" --history.created_by "/bin/sh -c apt-get install -y ${DEBS[*]}" "$work/bundle0"

# Layer 1: npm itself (as the node image installs it) and the app's node_modules.
umoci unpack --rootless --image "$layout:app" "$work/bundle1"
rootfs="$work/bundle1/rootfs"
mkdir -p "$rootfs/usr/local/lib/node_modules/npm" "$rootfs/app/node_modules"
"$node" --input-type=module -e '
  import { readFileSync, writeFileSync } from "node:fs";
  const [packJson, app, npmDir] = process.argv.slice(1);
  const packed = JSON.parse(readFileSync(packJson, "utf8"));
  const lock = { name: "app", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": { name: "app", version: "1.0.0" } } };
  const lines = [];
  for (const p of packed) {
    const dir = p.name === "npm" ? npmDir : `${app}/node_modules/${p.name}`;
    lines.push(`${p.filename} ${dir}`);
    if (p.name !== "npm") lock.packages[`node_modules/${p.name}`] = { version: p.version, resolved: `https://registry.npmjs.org/${p.name}/-/${p.filename.replace(/^.*\//, "")}`, integrity: p.integrity };
  }
  writeFileSync(`${app}/package-lock.json`, JSON.stringify(lock, null, 2));
  writeFileSync(`${app}/../unpack.txt`, lines.join("\n") + "\n");
' "$work/npm/pack.json" "$rootfs/app" "$rootfs/usr/local/lib/node_modules/npm"
while read -r tgz dir; do
  mkdir -p "$dir" && tar -xzf "$work/npm/$tgz" -C "$dir" --strip-components=1
done < "$rootfs/unpack.txt"
rm "$rootfs/unpack.txt"
umoci repack --image "$layout:app" --history.created_by "RUN |1 NPM_TOKEN=$BUILD_ARG_NPM_TOKEN /bin/sh -c npm ci" "$work/bundle1"

# Layer 2: the application, with its planted secrets.
umoci unpack --rootless --image "$layout:app" "$work/bundle2"
rootfs="$work/bundle2/rootfs"
mkdir -p "$rootfs/app/config" "$rootfs/app/lib" "$rootfs/root/.aws"
printf 'NODE_ENV=production\nGITHUB_TOKEN=%s\n' "$ENV_GITHUB_TOKEN" > "$rootfs/app/config/.env"
"$node" --input-type=module -e '
  import { writeFileSync } from "node:fs";
  import { zipSync, strToU8 } from "fflate";
  const [out, password] = process.argv.slice(1);
  writeFileSync(out, zipSync({
    "META-INF/MANIFEST.MF": strToU8("Manifest-Version: 1.0\nMain-Class: com.acme.App\n"),
    "BOOT-INF/classes/application.properties": strToU8(`spring.datasource.url=jdbc:postgresql://db:5432/app\nspring.datasource.username=app\nspring.datasource.password=${password}\n`),
    "BOOT-INF/classes/com/acme/App.class": new Uint8Array(2048).fill(0xca),
  }));
' "$rootfs/app/lib/app.jar" "$JAR_DB_PASSWORD"
# A package's file the owner changed: no longer the package's.
printf '\nGITHUB_TOKEN = "%s"\n' "$CHANGED_PACKAGE_FILE_TOKEN" >> "$rootfs/usr/lib/python3/dist-packages/jwt/__init__.py"
# A file the owner added inside a package directory.
printf 'SLACK_BOT_TOKEN=%s\n' "$NODE_MODULES_ADDED_SLACK" > "$rootfs/app/node_modules/express/.env.local"
printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$DELETED_AWS_KEY_ID" "$DELETED_AWS_SECRET" > "$rootfs/root/.aws/credentials"
printf 'const app = require("express")();\napp.listen(8080);\n' > "$rootfs/app/server.js"
umoci repack --image "$layout:app" --history.created_by 'COPY . /app' "$work/bundle2"

# Layer 3: the credentials deleted (a whiteout: the bytes stay in layer 2).
umoci unpack --rootless --image "$layout:app" "$work/bundle3"
rm -r "$work/bundle3/rootfs/root/.aws"
umoci repack --image "$layout:app" --history.created_by '/bin/sh -c rm -r /root/.aws' "$work/bundle3"
umoci config --image "$layout:app" --config.env "STRIPE_API_KEY=$CONFIG_ENV_STRIPE_KEY" \
  --config.cmd node --config.cmd /app/server.js --history.created_by "/bin/sh -c #(nop)  ENV STRIPE_API_KEY=$CONFIG_ENV_STRIPE_KEY"
rm -rf "$work"/bundle*

skopeo copy --quiet "oci:$layout:app" "docker-archive:$work/images/docker.tar:acme/app:corpus"
skopeo copy --quiet "oci:$layout:app" "oci-archive:$work/images/oci.tar:app"
skopeo copy --quiet --dest-compress-format zstd "oci:$layout:app" "oci-archive:$work/images/oci-zstd.tar:app"
ls -l "$work/images"
