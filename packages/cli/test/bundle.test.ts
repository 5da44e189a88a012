import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The committed bundle behind `keyturn`, run as a person runs it. */
const bin = fileURLToPath(new URL('../bin/keyturn.mjs', import.meta.url));
const keyturn = (args: string[], env: NodeJS.ProcessEnv = {}, node = process.execPath) =>
  spawnSync(node, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, timeout: 30_000 });

/** A Node.js older than keyturn supports, when this machine has one (the system's). */
const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
  if (!existsSync(path)) return false;
  const [major = 0, minor = 0] = execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' })
    .trim()
    .split('.')
    .map(Number);
  return major < 22 || (major === 22 && minor < 15);
});

describe('the keyturn bundle', () => {
  it('exits 2 on a misspelt flag, naming the nearest one, with no stack trace', () => {
    const run = keyturn(['verify', '--url', 'https://127.0.0.1:9/me', '--expcet', '401']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'keyturn: --expcet is not a flag of keyturn verify. Did you mean --expect? (keyturn verify --help lists them)\n',
    );
    expect(run.stdout).toBe('');
  });

  it('survives a reader that goes away (| head): no EPIPE stack trace', () => {
    const run = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" propagate --help | head -n 1`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^keyturn propagate: /);
    expect(run.stderr).toBe('');
  });

  it('prints help on stderr and exits 2 with no arguments', () => {
    const run = keyturn([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^keyturn \d+\.\d+\.\d+: secret rotation from a terminal/);
  });

  it.skipIf(oldNode === undefined)('says which Node.js it needs on an old one', () => {
    const run = keyturn(['--version'], {}, oldNode);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^keyturn: keyturn needs Node\.js 22\.15 or later/);
  });
});
