import { gzipSync } from 'node:zlib';
import { ociArchive, tarOf, tokens } from '@keyturn/image-audit/testing';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { places, runAudit } from './helpers';

const image = (items: { path: string; content: Buffer | string }[]) =>
  ociArchive([{ layers: [{ items, createdBy: 'COPY . /app' }] }]);

describe('archives inside the image are opened', () => {
  it('finds a password in application.properties inside a jar inside a war', async () => {
    const password = tokens.password().replace(/\W/g, 'x');
    const token = tokens.githubPat();
    const jar = zipSync({
      'META-INF/MANIFEST.MF': Buffer.from('Manifest-Version: 1.0\n'),
      'BOOT-INF/classes/application.properties': Buffer.from(`spring.datasource.password=${password}\n`),
      'BOOT-INF/classes/static/app.js': [Buffer.from(`const t = "${token}";\n`), { level: 0 }],
    });
    const war = zipSync({ 'WEB-INF/lib/app.jar': [jar, { level: 0 }], 'index.html': Buffer.from('<p>hi</p>') });
    const run = await runAudit(
      await image([
        { path: 'app/lib/app.jar', content: Buffer.from(jar) },
        { path: 'srv/site.war', content: Buffer.from(war) },
      ]),
    );
    const where = places(run.findings)
      .map((f) => `${f.ruleId} ${f.path}`)
      .sort();
    expect(where).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ app\/lib\/app\.jar!\/BOOT-INF\/classes\/application\.properties$/),
        'github-token app/lib/app.jar!/BOOT-INF/classes/static/app.js',
        'github-token srv/site.war!/WEB-INF/lib/app.jar!/BOOT-INF/classes/static/app.js',
      ]),
    );
    expect(run.everything).not.toContain(password);
    expect(run.everything).not.toContain(token);
  });

  it('opens a .tgz (an npm tarball), a .gz and a .tar', async () => {
    const [a, b, c] = [tokens.npm(), tokens.githubPat(), tokens.stripeLive()];
    const tgz = gzipSync(
      await tarOf([{ path: 'package/.npmrc.bak', content: `//registry.npmjs.org/:_authToken=${a}\n` }]),
    );
    const gz = gzipSync(Buffer.from(`GITHUB_TOKEN=${b}\n`));
    const tar = await tarOf([{ path: 'conf/stripe.yml', content: `key: ${c}\n` }]);
    const run = await runAudit(
      await image([
        { path: 'app/pkg.tgz', content: tgz },
        { path: 'app/env.txt.gz', content: gz },
        { path: 'app/conf.tar', content: tar },
      ]),
    );
    const where = run.findings.map((f) => `${f.ruleId} ${f.path}`).sort();
    expect(where).toEqual(
      expect.arrayContaining([
        'github-token app/env.txt.gz!/env.txt',
        'stripe-secret-key app/conf.tar!/conf/stripe.yml',
        expect.stringMatching(/ app\/pkg\.tgz!\/package\/\.npmrc\.bak$/),
      ]),
    );
  });

  it('counts members against max-entries', async () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}.txt`, Buffer.from('x')]));
    const run = await runAudit(await image([{ path: 'app/many.zip', content: Buffer.from(zipSync(many)) }]), {
      'max-entries': '40',
    });
    expect(run.ok).toBe(false);
    expect(run.runner.everything()).toMatch(/max-entries/);
  });

  it('counts a zip bomb against max-ratio, over every level', async () => {
    const zeros = new Uint8Array(80 * 1024 * 1024);
    const bomb = zipSync({ 'zeros.bin': zeros }, { level: 9 });
    const run = await runAudit(await image([{ path: 'app/bomb.zip', content: Buffer.from(bomb) }]));
    expect(run.ok).toBe(false);
    expect(run.runner.everything()).toMatch(/max-ratio/);
  });

  it('scans a corrupt zip as far as it reads, without failing the audit', async () => {
    const token = tokens.githubPat();
    const zip = Buffer.from(zipSync({ 'a.txt': Buffer.from('hello') }));
    const broken = Buffer.concat([zip.subarray(0, 40), Buffer.alloc(100, 0xff)]);
    const run = await runAudit(
      await image([
        { path: 'app/broken.zip', content: broken },
        { path: 'app/.env', content: `T=${token}\n` },
      ]),
    );
    expect(run.runner.everything()).not.toMatch(/bug/i);
    expect(run.findings.map((f) => `${f.ruleId} ${f.path}`)).toContain('github-token app/.env');
  });
});
