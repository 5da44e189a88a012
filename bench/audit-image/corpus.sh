#!/usr/bin/env bash
# A realistic corpus for audit-image (out of the test hot path): images
# built like real ones from real third-party content, plus secrets planted
# in the application's own files, audited by measure-corpus.ts.
#
#   apt-get update && apt-get install -y umoci skopeo   (as .ci/run does; and rpm for rpm.tar)
#   bash bench/audit-image/corpus.sh [WORK]             (npm run bench:audit-corpus)
#
# Base layer: Debian packages fetched with `apt-get download`, unpacked with
# `dpkg-deb` and their dpkg records written as dpkg writes them (status,
# info/<pkg>.md5sums from the package's own control archive, info/<pkg>.list),
# so every md5sums line is the package's. Node layer: packages from the npm
# registry (`npm pack`), under app/node_modules with a package-lock.json of
# their registry integrity, and npm itself under /usr/local/lib/node_modules.
# Application layer: planted secrets (an .env, a password inside a .jar, a
# token inside a .tar.xz, a package file the owner changed, AWS credentials
# deleted by the next layer), a build arg in the history and a token in Env.
# Nothing here is committed: the images, tokens and downloads stay in WORK.
#
# The same packages and application are built on three bases:
#   app         (docker.tar, oci.tar, oci-zstd.tar) dpkg's records, as above;
#   distroless  (distroless.tar) Google distroless's layout, as its Dockerfiles
#               build it from real .debs: no dpkg status, each package's
#               control file as var/lib/dpkg/status.d/<pkg> and its own
#               md5sums as status.d/<pkg>.md5sums;
#   apk         (apk.tar) the same Debian files recorded in apk's documented
#               lib/apk/db/installed format (P:, V:, C:, F:, R:, Z:Q1 + the
#               base64 SHA-1 of each file as unpacked). No Alpine package is
#               reachable from here (only Debian's and npm's registries), so
#               the records are written from apk's format documentation over
#               real third-party files, not taken from a real Alpine image;
#   rpm         (rpm.tar) each .deb repackaged by rpmbuild (its files as they
#               are: no strip, no brp scripts) and recorded by rpm itself
#               (`rpm -i --justdb`) in var/lib/rpm/rpmdb.sqlite, so the
#               headers and their SHA-256 file digests are rpm's own (needs
#               `apt-get install rpm`; skipped without it). No Fedora package
#               is reachable from here;
#   rpm-bdb     (rpm-bdb.tar) the same rpm headers in the Berkeley DB
#               var/lib/rpm/Packages of rpm before 4.16 (CentOS 7/8, UBI 8,
#               Amazon Linux 2), written by Berkeley DB itself (db5.3_load from
#               db5.3-util) and checked by rpm reading it back (its bdb_ro
#               backend); rpm 4.18 no longer writes one. No CentOS package is
#               reachable from here.
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
    XZ_MEMBER_TOKEN: tokens.githubPat(),
  };
  for (const [name, value] of Object.entries(planted)) console.log(`${name}=${JSON.stringify(value)}`);
  (await import("node:fs")).writeFileSync(process.argv[2], JSON.stringify(planted, null, 2) + "\n");
' "$root/packages/image-audit/test/tokens.ts" "$work/planted.json")"

layout="$work/oci"
rm -rf "$layout" "$work"/bundle* "$work"/images
mkdir -p "$work/images"
umoci init --layout "$layout"

# Layer 0 on tag $1: the Debian packages, their records written in style $2
# (dpkg | distroless | apk).
base_layer() {
  local tag=$1 style=$2
  umoci new --image "$layout:$tag"
  umoci config --image "$layout:$tag" --config.env "PATH=/usr/local/bin:/usr/bin:/bin" --history.created_by '/bin/sh -c #(nop)  ARG NPM_TOKEN'
  umoci unpack --rootless --image "$layout:$tag" "$work/bundle0"
  local rootfs="$work/bundle0/rootfs"
  case $style in
    dpkg) mkdir -p "$rootfs/var/lib/dpkg/info" && : > "$rootfs/var/lib/dpkg/status" ;;
    distroless) mkdir -p "$rootfs/var/lib/dpkg/status.d" ;;
    apk) mkdir -p "$rootfs/lib/apk/db" && : > "$work/apk-packages.txt" ;;
    rpm | rpm-bdb) rpm --root "$rootfs" --dbpath /var/lib/rpm --initdb ;;
  esac
  for deb in "$work/debs"/*.deb; do
    local pkg arch name ctrl
    pkg=$(dpkg-deb -f "$deb" Package)
    arch=$(dpkg-deb -f "$deb" Architecture)
    name=$pkg
    [ "$arch" = all ] || name="$pkg:$arch"
    dpkg-deb -x "$deb" "$rootfs"
    ctrl=$(mktemp -d)
    dpkg-deb -e "$deb" "$ctrl"
    case $style in
      dpkg)
        [ -f "$ctrl/md5sums" ] && cp "$ctrl/md5sums" "$rootfs/var/lib/dpkg/info/$name.md5sums"
        dpkg-deb -c "$deb" | awk '{ print $6 }' | sed -e 's#^\./#/#' -e 's#/$##' -e 's#^$#/.#' > "$rootfs/var/lib/dpkg/info/$name.list"
        {
          echo "Package: $pkg"
          echo "Status: install ok installed"
          dpkg-deb -f "$deb" Priority Section Installed-Size Maintainer Architecture Version Depends Description
          echo
        } >> "$rootfs/var/lib/dpkg/status"
        ;;
      distroless)
        cp "$ctrl/control" "$rootfs/var/lib/dpkg/status.d/$pkg"
        [ -f "$ctrl/md5sums" ] && cp "$ctrl/md5sums" "$rootfs/var/lib/dpkg/status.d/$pkg.md5sums"
        ;;
      rpm | rpm-bdb)
        local top="$work/rpmbuild" full version release
        rm -rf "$top" && mkdir -p "$top/root"
        dpkg-deb -x "$deb" "$top/root"
        full=$(dpkg-deb -f "$deb" Version)
        full=${full#*:}
        version=${full%-*}
        release=${full##*-}
        [ "$version" = "$full" ] && release=1
        {
          printf 'Name: %s\nVersion: %s\nRelease: %s\nSummary: %s from Debian\nLicense: see the package\n' "$pkg" "$version" "$release" "$pkg"
          printf 'BuildArch: noarch\nAutoReqProv: no\n%%global debug_package %%{nil}\n%%global __os_install_post %%{nil}\n'
          printf '%%description\n%s, its Debian files as they are\n%%files\n' "$pkg"
          (cd "$top/root" && find . \( -type f -o -type l \) | sed -e 's#^\.##' -e 's#%#%%#g' -e 's#.*#"&"#')
        } > "$top/p.spec"
        rpmbuild --quiet --define "_topdir $top" --define "_build_id_links none" \
          --define "_binaries_in_noarch_packages_terminate_build 0" --buildroot "$top/root" -bb "$top/p.spec" >/dev/null
        rpm --root "$rootfs" --dbpath /var/lib/rpm -i --justdb --nodeps --noscripts "$top"/RPMS/noarch/*.rpm 2>/dev/null
        rm -rf "$top"
        ;;
      apk)
        echo "$pkg $(dpkg-deb -f "$deb" Version) $(sha1sum "$ctrl/control" | cut -d' ' -f1) $(dpkg-deb -c "$deb" | awk '$1 ~ /^-/ { print $6 }' | sed 's#^\./##' | tr '\n' ' ')" >> "$work/apk-packages.txt"
        ;;
    esac
    rm -rf "$ctrl"
  done
  if [ "$style" = apk ]; then
    "$node" --input-type=module -e '
      import { createHash } from "node:crypto";
      import { readFileSync, writeFileSync } from "node:fs";
      const [list, rootfs] = process.argv.slice(1);
      const q1 = (hex) => `Q1${Buffer.from(hex, "hex").toString("base64")}`;
      const stanzas = [];
      for (const line of readFileSync(list, "utf8").trim().split("\n")) {
        const [name, version, control, ...files] = line.trim().split(" ");
        const out = [`C:${q1(control)}`, `P:${name}`, `V:${version}`, "A:x86_64", `T:${name} (Debian files, apk records)`];
        const dirs = new Map();
        for (const file of files) {
          const slash = file.lastIndexOf("/");
          const dir = file.slice(0, slash);
          if (!dirs.has(dir)) dirs.set(dir, []);
          dirs.get(dir).push(file.slice(slash + 1));
        }
        for (const [dir, names] of dirs) {
          out.push(`F:${dir}`);
          for (const base of names) {
            const sha1 = createHash("sha1").update(readFileSync(`${rootfs}/${dir}/${base}`)).digest("hex");
            out.push(`R:${base}`, "a:0:0:644", `Z:${q1(sha1)}`);
          }
        }
        stanzas.push(out.join("\n"));
      }
      writeFileSync(`${rootfs}/lib/apk/db/installed`, `${stanzas.join("\n\n")}\n\n`);
    ' "$work/apk-packages.txt" "$rootfs"
  fi
  if [ "$style" = rpm-bdb ]; then
    # rpm's SQLite database as the Berkeley DB Packages of rpm before 4.16:
    # the same header blobs, loaded by Berkeley DB (the tests' own builder,
    # db5.3_load), then read back by rpm itself.
    "$node" --input-type=module -e '
      import { readFileSync, writeFileSync } from "node:fs";
      import initSqlJs from "sql.js/dist/sql-wasm-inline.js";
      const [builder, sqlite, out] = process.argv.slice(1);
      const { berkeleyHashDb } = await import(builder);
      const db = new (await initSqlJs()).Database(readFileSync(sqlite));
      writeFileSync(out, berkeleyHashDb(db.exec("SELECT blob FROM Packages ORDER BY hnum")[0].values.map(([blob]) => blob)));
    ' "$root/packages/image-audit/test/rpm-builder.ts" "$rootfs/var/lib/rpm/rpmdb.sqlite" "$work/Packages"
    rm -f "$rootfs"/var/lib/rpm/rpmdb.sqlite*
    mv "$work/Packages" "$rootfs/var/lib/rpm/Packages"
    local listed
    listed=$(rpm --root "$rootfs" --dbpath /var/lib/rpm --define '_db_backend bdb_ro' -qa 2>/dev/null | wc -l)
    [ "$listed" -eq "$(ls "$work/debs"/*.deb | wc -l)" ] || { echo "rpm reads $listed packages from the Berkeley DB Packages" >&2; exit 1; }
  fi
  umoci repack --image "$layout:$tag" --history.created_by "/bin/sh -c install ${DEBS[*]} ($style records)" "$work/bundle0"
  rm -rf "$work/bundle0"
}

# Layers 1-3 on tag $1: node_modules, the application, a deletion.
app_layers() {
  local tag=$1 rootfs
  # Layer 1: npm itself (as the node image installs it) and the app's node_modules.
  umoci unpack --rootless --image "$layout:$tag" "$work/bundle1"
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
  umoci repack --image "$layout:$tag" --history.created_by "RUN |1 NPM_TOKEN=$BUILD_ARG_NPM_TOKEN /bin/sh -c npm ci" "$work/bundle1"

  # Layer 2: the application, with its planted secrets.
  umoci unpack --rootless --image "$layout:$tag" "$work/bundle2"
  rootfs="$work/bundle2/rootfs"
  mkdir -p "$rootfs/app/config" "$rootfs/app/lib" "$rootfs/root/.aws" "$work/xz/etc"
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
  # A token inside a .tar.xz the application ships (xz-utils compresses it).
  printf 'APP_ENV=production\nGITHUB_TOKEN=%s\n' "$XZ_MEMBER_TOKEN" > "$work/xz/etc/app.env"
  tar -C "$work/xz" -cf - etc | xz -6 -T1 -c > "$rootfs/app/data.tar.xz"
  rm -rf "$work/xz"
  # A package's file the owner changed: no longer the package's.
  printf '\nGITHUB_TOKEN = "%s"\n' "$CHANGED_PACKAGE_FILE_TOKEN" >> "$rootfs/usr/lib/python3/dist-packages/jwt/__init__.py"
  # A file the owner added inside a package directory.
  printf 'SLACK_BOT_TOKEN=%s\n' "$NODE_MODULES_ADDED_SLACK" > "$rootfs/app/node_modules/express/.env.local"
  printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$DELETED_AWS_KEY_ID" "$DELETED_AWS_SECRET" > "$rootfs/root/.aws/credentials"
  printf 'const app = require("express")();\napp.listen(8080);\n' > "$rootfs/app/server.js"
  umoci repack --image "$layout:$tag" --history.created_by 'COPY . /app' "$work/bundle2"

  # Layer 3: the credentials deleted (a whiteout: the bytes stay in layer 2).
  umoci unpack --rootless --image "$layout:$tag" "$work/bundle3"
  rm -r "$work/bundle3/rootfs/root/.aws"
  umoci repack --image "$layout:$tag" --history.created_by '/bin/sh -c rm -r /root/.aws' "$work/bundle3"
  umoci config --image "$layout:$tag" --config.env "STRIPE_API_KEY=$CONFIG_ENV_STRIPE_KEY" \
    --config.cmd node --config.cmd /app/server.js --history.created_by "/bin/sh -c #(nop)  ENV STRIPE_API_KEY=$CONFIG_ENV_STRIPE_KEY"
  rm -rf "$work"/bundle*
}

# The dpkg image first (its tag, app, is the one docker/oci/oci-zstd.tar copy).
base_layer app dpkg
app_layers app
base_layer distroless distroless
app_layers distroless
base_layer apk apk
app_layers apk
if command -v rpmbuild >/dev/null; then
  base_layer rpm rpm
  app_layers rpm
fi
if command -v rpmbuild >/dev/null && command -v db5.3_load >/dev/null; then
  base_layer rpm-bdb rpm-bdb
  app_layers rpm-bdb
fi

skopeo copy --quiet "oci:$layout:app" "docker-archive:$work/images/docker.tar:acme/app:corpus"
skopeo copy --quiet "oci:$layout:app" "oci-archive:$work/images/oci.tar:app"
skopeo copy --quiet --dest-compress-format zstd "oci:$layout:app" "oci-archive:$work/images/oci-zstd.tar:app"
skopeo copy --quiet "oci:$layout:distroless" "oci-archive:$work/images/distroless.tar:distroless"
skopeo copy --quiet "oci:$layout:apk" "oci-archive:$work/images/apk.tar:apk"
if command -v rpmbuild >/dev/null; then
  skopeo copy --quiet "oci:$layout:rpm" "oci-archive:$work/images/rpm.tar:rpm"
fi
if command -v rpmbuild >/dev/null && command -v db5.3_load >/dev/null; then
  skopeo copy --quiet "oci:$layout:rpm-bdb" "oci-archive:$work/images/rpm-bdb.tar:rpm-bdb"
fi
ls -l "$work/images"
