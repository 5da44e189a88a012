import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

/**
 * Writes a synthetic image archive (OCI layout with a docker manifest.json,
 * gzip layers) of about `targetBytes` of uncompressed layer data, streaming
 * to disk so memory stays flat whatever the size. Layer contents mix what
 * real images hold: a node_modules-like tree of text (real files from this
 * repository's node_modules), binaries (slices of the node executable) and
 * archives (.tgz of text). A few tokens are planted so the audit has work.
 */
const LAYER_BYTES = 96 * 1024 * 1024;

interface Source {
  readonly path: string;
  readonly size: number;
}

function collectText(root: string, limit: number): Source[] {
  const out: Source[] = [];
  let total = 0;
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (total >= limit) return;
      // Workspace links lead back into this repository (its test vectors).
      if (name === '@keyturn') continue;
      const path = join(dir, name);
      const info = statSync(path, { throwIfNoEntry: false });
      if (!info) continue;
      if (info.isDirectory()) walk(path);
      else if (
        info.isFile() &&
        info.size > 0 &&
        info.size < 4_000_000 &&
        /\.(js|cjs|mjs|ts|json|md|map|txt|yml)$/.test(name)
      ) {
        out.push({ path, size: info.size });
        total += info.size;
      }
    }
  };
  walk(root);
  return out;
}

type Entry = { name: string; data: Buffer };

async function writeLayer(
  path: string,
  entries: AsyncIterable<Entry>,
): Promise<{ digest: string; size: number; uncompressed: number }> {
  const packer = pack();
  const hash = createHash('sha256');
  let uncompressed = 0;
  const done = pipeline(
    packer,
    createGzip({ level: 1 }),
    async function* (source) {
      for await (const chunk of source) {
        hash.update(chunk as Buffer);
        yield chunk;
      }
    },
    createWriteStream(path),
  );
  for await (const entry of entries) {
    uncompressed += entry.data.length;
    await new Promise<void>((resolve, reject) =>
      packer.entry(
        { name: entry.name, size: entry.data.length, mode: 0o644, mtime: new Date(0) },
        entry.data,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  packer.finalize();
  await done;
  return { digest: `sha256:${hash.digest('hex')}`, size: (await stat(path)).size, uncompressed };
}

export async function generateImage(
  out: string,
  targetBytes: number,
  repoRoot: string,
): Promise<{ uncompressed: number; layers: number }> {
  const text = collectText(join(repoRoot, 'node_modules'), 160 * 1024 * 1024);
  const binary = readFileSync(join(repoRoot, 'node_modules', 'node', 'bin', 'node'));
  const work = `${out}.parts`;
  await rm(work, { recursive: true, force: true });
  await (await import('node:fs/promises')).mkdir(work, { recursive: true });
  const layers: { digest: string; size: number; file: string; uncompressed: number }[] = [];
  let produced = 0;
  let textAt = 0;
  let layerNo = 0;
  const planted =
    ['gh', 'p_'].join('') +
    randomBytes(27)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, 'a')
      .slice(0, 36);

  while (produced < targetBytes) {
    const budget = Math.min(LAYER_BYTES, targetBytes - produced);
    const index = layerNo++;
    async function* entries(): AsyncGenerator<Entry> {
      let used = 0;
      let n = 0;
      // Shares of the bytes: 45% text, 40% binaries, 15% archives.
      const made = { text: 0, binary: 0, archive: 0 };
      const share = { text: 0.45, binary: 0.4, archive: 0.15 };
      while (used < budget) {
        n++;
        const kind = (Object.keys(share) as (keyof typeof share)[]).reduce((a, b) =>
          made[a] / share[a] <= made[b] / share[b] ? a : b,
        );
        let entry: Entry;
        if (kind === 'text') {
          // a node_modules-like tree
          const source = text[textAt++ % text.length] as Source;
          entry = {
            name: `app${index}/node_modules/${source.path.split('node_modules/').pop()}`,
            data: readFileSync(source.path),
          };
        } else if (kind === 'binary') {
          // slices of a real executable
          const size = 256 * 1024 + ((n * 7919) % (1536 * 1024));
          const at = (n * 7919 * 4096) % Math.max(1, binary.length - size);
          entry = { name: `usr/lib/bin${index}/lib${n}.so`, data: binary.subarray(at, at + size) };
        } else {
          // a .tgz of text
          const parts = text.slice(textAt % text.length, (textAt % text.length) + 40).map((s) => readFileSync(s.path));
          textAt += 40;
          entry = { name: `var/cache/pkg${index}/bundle${n}.tgz`, data: gzipSync(Buffer.concat(parts), { level: 1 }) };
        }
        made[kind] += entry.data.length;
        used += entry.data.length;
        yield entry;
      }
      yield { name: `app${index}/.env`, data: Buffer.from(`GITHUB_TOKEN=${planted}\n`) };
    }
    const file = join(work, `layer${index}.tar.gz`);
    const written = await writeLayer(file, entries());
    layers.push({ ...written, file });
    produced += written.uncompressed;
  }

  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['PATH=/usr/bin'], Cmd: ['node'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      history: layers.map((_, i) => ({ created_by: `COPY part${i} /` })),
    }),
  );
  const digest = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest(config), size: config.length },
      layers: layers.map((l) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: l.digest,
        size: l.size,
      })),
    }),
  );
  const blob = (d: string) => `blobs/sha256/${d.slice(7)}`;
  const outer = pack();
  const written = pipeline(outer, createWriteStream(out));
  const add = (name: string, data: Buffer) =>
    new Promise<void>((resolve, reject) =>
      outer.entry({ name, size: data.length, mtime: new Date(0) }, data, (e) => (e ? reject(e) : resolve())),
    );
  await add('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  for (const layer of layers) {
    const sink = outer.entry({ name: blob(layer.digest), size: layer.size, mtime: new Date(0) });
    await pipeline(createReadStream(layer.file), sink);
  }
  await add(blob(digest(config)), config);
  await add(blob(digest(manifest)), manifest);
  await add(
    'index.json',
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: digest(manifest),
            size: manifest.length,
            annotations: { 'org.opencontainers.image.ref.name': 'bench' },
          },
        ],
      }),
    ),
  );
  await add(
    'manifest.json',
    Buffer.from(
      JSON.stringify([
        { Config: blob(digest(config)), RepoTags: ['keyturn/bench:latest'], Layers: layers.map((l) => blob(l.digest)) },
      ]),
    ),
  );
  outer.finalize();
  await written;
  await rm(work, { recursive: true, force: true });
  return { uncompressed: produced, layers: layers.length };
}
