import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditArchive, parseAllowlist, reportJson, sarifOf, summaryOf } from '../src/index';
import { type ImageSpec, ociArchive } from './archive-builder';
import { tokens } from './tokens';

async function audit(spec: ImageSpec, allowlist?: string) {
  const path = join(await mkdtemp(join(tmpdir(), 'keyturn-secret-')), 'image.tar');
  await writeFile(path, await ociArchive([spec]));
  return auditArchive(path, allowlist ? { allowlist: parseAllowlist(allowlist) } : {});
}

describe('one finding per secret', () => {
  it('the same token in a file, a build arg and the config is one finding with three places', async () => {
    const token = tokens.githubPat();
    const other = tokens.githubPat();
    const report = await audit({
      layers: [
        {
          createdBy: `RUN |1 GH_TOKEN=${token} /bin/sh -c make`,
          items: [
            { path: 'app/.env', content: `GITHUB_TOKEN=${token}\n` },
            { path: 'app/ci.env', content: `GITHUB_TOKEN=${other}\n` },
          ],
        },
      ],
      env: ['PATH=/usr/bin', `GITHUB_TOKEN=${token}`],
    });
    expect(report.findings).toHaveLength(2);
    const one = report.findings.find((finding) => finding.path === 'app/.env');
    expect(one?.locations.map((location) => location.path).sort()).toEqual([
      'config:Env:GITHUB_TOKEN',
      'history:created_by',
    ]);
    expect(report.failing).toHaveLength(2);
    const sarif = sarifOf(report) as {
      runs: {
        results: {
          locations: unknown[];
          relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]?.results ?? [];
    expect(results).toHaveLength(2);
    const related = results.find((result) => result.relatedLocations)?.relatedLocations ?? [];
    expect(related.map((location) => location.physicalLocation.artifactLocation.uri).sort()).toEqual([
      'config:Env:GITHUB_TOKEN',
      'history:created_by',
    ]);
    expect(summaryOf(report)).toMatch(/\*\*2 findings\*\* \(high 2,/);
    expect(summaryOf(report)).toContain('(+2 more)');
    expect((reportJson(report) as { counts: { findings: number } }).counts.findings).toBe(2);
    expect(JSON.stringify(reportJson(report))).not.toContain(token.slice(4));
    // The hash that groups them is never written.
    const hash = createHash('sha256').update(token).digest('hex');
    expect(JSON.stringify([sarifOf(report), reportJson(report), summaryOf(report)])).not.toContain(hash);
  });

  it('is allowlisted only where every place is: an allowlisted fixture does not hide the same token in .env', async () => {
    const token = tokens.githubPat();
    const report = await audit(
      {
        layers: [
          {
            createdBy: 'COPY . /app',
            items: [
              { path: 'app/test/fixture.env', content: `T=${token}\n` },
              { path: 'app/.env', content: `T=${token}\n` },
            ],
          },
        ],
      },
      'app/test/**\n',
    );
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.path).toBe('app/.env');
    expect(report.findings[0]?.suppressed).toBe(false);
    expect(report.findings[0]?.locations.map((location) => [location.path, location.suppressed])).toEqual([
      ['app/test/fixture.env', true],
    ]);
    expect(report.failing).toHaveLength(1);
  });

  it('is the owner’s when any place is: a value a package ships, copied into the app, fails', async () => {
    const key = tokens.privateKeyPem();
    const md5 = createHash('md5').update(key).digest('hex');
    const report = await audit({
      layers: [
        {
          createdBy: 'RUN apt-get install -y libfoo',
          items: [
            { path: 'usr/share/libfoo/test.pem', content: key },
            { path: 'var/lib/dpkg/status', content: 'Package: libfoo\nStatus: install ok installed\nVersion: 1.0\n' },
            { path: 'var/lib/dpkg/info/libfoo.md5sums', content: `${md5}  usr/share/libfoo/test.pem\n` },
            { path: 'var/lib/dpkg/info/libfoo.list', content: '/.\n/usr/share/libfoo/test.pem\n' },
          ],
        },
        { createdBy: 'COPY tls.key /app/tls.key', items: [{ path: 'app/tls.key', content: key }] },
      ],
    });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ path: 'app/tls.key', severity: 'high', thirdParty: undefined });
    expect(report.findings[0]?.locations[0]?.thirdParty).toEqual({ kind: 'dpkg', package: 'libfoo', version: '1.0' });
    expect(report.failing).toHaveLength(1);
  });
});
