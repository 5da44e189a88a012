import { describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../../src/adapters/store-inputs';
import { ISSUERS } from '../../src/issuer';
import {
  checkCredentials,
  credentialNeeds,
  findEntry,
  MANIFEST_ISSUER_KINDS,
  MANIFEST_SCHEMA,
  MANIFEST_STORE_KINDS,
  type ManifestError,
  parseManifest,
  STORE_KIND_FIELDS,
} from '../../src/manifest';
import { nearest } from '../../src/nearest';

const MANIFEST = `
version: 1
defaults:
  store: { kind: ssm, region: eu-west-1 }
  max-age: 90d
  owner: platform
secrets:
  - id: billing-api-token
    store: { name: /prod/billing/api-token }
    generate: base64url:32
    targets: [github:acme/billing/BILLING_TOKEN, heroku:acme-billing/BILLING_TOKEN]
    verify:
      - { url: https://api.example.com/v1/me, expect: 2xx }
      - { url: https://api.example.com/v1/me, old: true, expect: '401', within: 10m }
  - id: pat
    store: { kind: infisical, name: API_TOKEN, project: p1, environment: prod }
    generate: alnum:40
    max-age: on-compromise
    owner: sre
`;

describe('parseManifest', () => {
  it('resolves defaults into each entry, frozen and typed', () => {
    const manifest = parseManifest(MANIFEST, 'rotation.yml');
    const [billing, pat] = manifest.entries;
    expect(billing).toMatchObject({
      id: 'billing-api-token',
      label: 'secrets[0] (billing-api-token)',
      store: { kind: 'ssm', name: '/prod/billing/api-token', region: 'eu-west-1' },
      source: { kind: 'generate', text: 'base64url:32' },
      maxAge: { kind: 'duration', ms: 90 * 86_400_000 },
      revokeOld: false,
      owner: 'platform',
    });
    expect(billing?.targets.map((target) => target.kind)).toEqual(['github', 'heroku']);
    expect(billing?.verify.map((check) => [check.old, check.expect.text, check.withinMs])).toEqual([
      [false, '2xx', 0],
      [true, '401', 600_000],
    ]);
    // an infisical entry takes none of the ssm defaults' location fields
    expect(pat?.store).toEqual({ kind: 'infisical', name: 'API_TOKEN', project: 'p1', environment: 'prod' });
    expect(pat).toMatchObject({ maxAge: { kind: 'on-compromise' }, owner: 'sre' });
    expect(Object.isFrozen(manifest.entries)).toBe(true);
    expect(Object.isFrozen(billing)).toBe(true);
  });

  it('names the credential inputs an entry needs, and refuses when one is missing', () => {
    const manifest = parseManifest(MANIFEST, 'rotation.yml');
    const billing = manifest.entries[0];
    if (!billing) throw new Error('no entry');
    expect(credentialNeeds(billing).map((need) => need.inputs)).toEqual([['github-token'], ['heroku-api-key']]);
    expect(() => checkCredentials(billing, (input) => input === 'github-token')).toThrow(
      "input 'heroku-api-key' is empty but secrets[0] (billing-api-token) needs it: it has target heroku:acme-billing/BILLING_TOKEN.",
    );
    expect(() => checkCredentials(billing, () => true)).not.toThrow();
    const pat = manifest.entries[1];
    if (!pat) throw new Error('no entry');
    expect(credentialNeeds(pat).map((need) => need.inputs)).toEqual([['infisical-token', 'infisical-client-secret']]);
  });

  it('finds an entry by id, or names the nearest', () => {
    const manifest = parseManifest(MANIFEST, 'rotation.yml');
    expect(findEntry(manifest, 'pat', 'secret').id).toBe('pat');
    expect(() => findEntry(manifest, 'biling-api-token', 'secret')).toThrow(
      "input 'secret' is 'biling-api-token', which is not an id in rotation.yml. Did you mean 'billing-api-token'?",
    );
    expect(() => findEntry(manifest, 'zzz', 'secret')).toThrow('Use one of: billing-api-token, pat.');
  });

  it('reports every problem of a manifest at once, with lines', () => {
    const text = `version: 1
secrets:
  - { id: a, store: { kind: ssm, name: /a }, generate: hex:8, max-age: 1d, targts: [] }
  - { id: b, store: { kind: ssm, name: /b }, generate: hex:8, max-age: 1d, revoke_old: true }
`;
    let error: ManifestError | undefined;
    try {
      parseManifest(text, 'm.yml');
    } catch (caught) {
      error = caught as ManifestError;
    }
    expect(error?.problems.map((problem) => [problem.where, problem.field, problem.line])).toEqual([
      ['secrets[0] (a)', 'targts', 3],
      ['secrets[1] (b)', 'revoke_old', 4],
    ]);
    expect(error?.message).toContain("Did you mean 'targets'?");
    expect(error?.message).toContain("Did you mean 'revoke-old'?");
  });
});

describe('the schema and the registries agree', () => {
  it('every store kind keyturn can open is in the schema, with its fields', () => {
    for (const kind of STORE_KINDS) {
      expect(MANIFEST_STORE_KINDS).toContain(kind);
      expect(STORE_KIND_FIELDS[kind]).toContain('name');
    }
    expect(Object.keys(STORE_KIND_FIELDS).sort()).toEqual([...MANIFEST_STORE_KINDS].sort());
  });

  it('every registered issuer is in the schema; the others are refused as not supported yet', () => {
    for (const kind of Object.keys(ISSUERS)) expect(MANIFEST_ISSUER_KINDS).toContain(kind);
    for (const kind of MANIFEST_ISSUER_KINDS.filter((one) => !(one in ISSUERS))) {
      const required = (
        (MANIFEST_SCHEMA.$defs as Record<string, { required?: string[] }>)[`issuer-${kind}`]?.required ?? []
      )
        .filter((field) => field !== 'kind')
        .map((field) => `${field}: x`)
        .join(', ');
      const text = `version: 1\nsecrets:\n  - { id: a, store: { kind: ssm, name: /a }, max-age: 1d, issuer: { kind: ${kind}${required ? `, ${required}` : ''} } }\n`;
      expect(() => parseManifest(text, 'm.yml')).toThrow(`issuer kind ${kind} is not supported yet`);
    }
  });
});

describe('nearest', () => {
  it.each([
    ['generat', ['generate', 'grace'], 'generate'],
    ['max_age', ['max-age', 'owner'], 'max-age'],
    ['tragets', ['targets', 'store'], 'targets'],
    ['colour', ['store', 'targets'], undefined],
    ['gen', ['generate', 'grace'], 'generate'],
  ])('%s → %s', (word, candidates, expected) => {
    expect(nearest(word, candidates)).toBe(expected);
  });
});
