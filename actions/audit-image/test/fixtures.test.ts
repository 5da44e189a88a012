import { describe, expect, it } from 'vitest';
import { places, runAudit } from './helpers';
import { fixture, plantedTokens } from './planted';

const planted = plantedTokens();

/**
 * Images made by real tools (umoci builds, skopeo saves; see
 * fixtures/make-fixtures.sh): layer 1 adds an .npmrc with a token and AWS
 * credentials; layer 2 deletes the .npmrc and writes a Stripe key into code;
 * a build arg carries the npm token; Env and a label carry more.
 */
describe.each([
  ['umoci-docker.tar.gz', 'docker save (legacy)', 'docker.io/keyturn/fixture:umoci'],
  ['umoci-oci.tar.gz', 'OCI image layout', 'fixture'],
  ['umoci-oci-zstd.tar.gz', 'OCI image layout', 'fixture'],
])('an image built by umoci, saved by skopeo as %s', (name, format, ref) => {
  it('finds every planted secret, where it was planted, and fails the check', async () => {
    const run = await runAudit(fixture(name));
    const seen = places(run.findings).map(
      (f) => `${f.ruleId} ${f.path} ${f.state}${f.layer ? ` layer ${f.layer.index}` : ''}`,
    );
    expect(seen.sort()).toEqual(
      [
        'npm-access-token app/.npmrc removed layer 0',
        'stripe-secret-key app/lib/index.js present layer 1',
        'aws-access-key-id root/.aws/credentials present layer 0',
        'aws-secret-access-key root/.aws/credentials present layer 0',
        'npm-access-token history:created_by metadata',
        'generic-secret-assignment history:created_by metadata',
        'generic-secret-assignment config:Env:API_TOKEN metadata',
        'github-token config:Labels:build.token metadata',
      ].sort(),
    );
    // One finding per secret: the npm token (.npmrc and the build arg) and
    // API_TOKEN (Env and the ENV instruction) are one each: 6 secrets.
    expect(run.findings).toHaveLength(6);
    const npmrc = run.findings.find((f) => f.path === 'app/.npmrc');
    expect(npmrc?.removedBy).toMatch(/^deleted by layer 1 /);
    expect(npmrc?.createdBy).toContain('npm ci');
    expect(npmrc?.locations.map((l) => l.path)).toEqual(['history:created_by']);
    expect(run.runner.summary.join('')).toContain(format);
    expect(run.runner.summary.join('')).toContain(ref);
    expect(run.ok).toBe(false);
    expect(run.runner.failed).toMatch(/^keyturn\/audit-image: 6 findings at or above 'medium'/);
    for (const token of Object.values(planted)) {
      expect(run.everything).not.toContain(token);
      expect(run.everything).not.toContain(Buffer.from(token).toString('base64'));
    }
  });
});

it('gives the same fingerprints for one image saved three ways', async () => {
  const runs = await Promise.all(
    ['umoci-docker.tar.gz', 'umoci-oci.tar.gz', 'umoci-oci-zstd.tar.gz'].map((name) => runAudit(fixture(name))),
  );
  const [docker, oci, zstd] = runs.map((run) =>
    places(run.findings)
      .map((f) => f.fingerprint)
      .sort(),
  );
  expect(oci).toEqual(docker);
  expect(zstd).toEqual(docker);
});
