import { describe, expect, it } from 'vitest';
import { manifestStoreSettings } from '../../src/adapters/manifest-stores';
import { parseManifest } from '../../src/manifest';

/** An AWS entry's region comes from the manifest, else the runner's
 * AWS_REGION; with neither, the entry is named before any client exists. */
function entryOn(store: string) {
  const text = `version: 1
secrets:
  - id: api-token
    store: ${store}
    generate: base64:32
    max-age: 90d
    targets: [github:acme/api/API_TOKEN]
`;
  const [entry] = parseManifest(text, '.github/rotation.yml').entries;
  if (!entry) throw new Error('the manifest has no entry');
  return entry;
}

const noInfisical = { infisical: undefined };

describe.each([
  ['ssm', '{ kind: ssm, name: /api/token }', 'AWS_ENDPOINT_URL_SSM'],
  ['secrets-manager', '{ kind: secrets-manager, name: api/token }', 'AWS_ENDPOINT_URL_SECRETS_MANAGER'],
])('%s store settings', (kind, store, endpointVariable) => {
  it("take the runner's AWS_REGION and the service's endpoint variable", () => {
    const settings = manifestStoreSettings(entryOn(store), noInfisical, {
      AWS_REGION: 'eu-central-1',
      [endpointVariable]: 'http://127.0.0.1:4566',
    });
    expect(settings).toMatchObject({ kind, region: 'eu-central-1', endpoint: 'http://127.0.0.1:4566' });
  });

  it("prefer the entry's region to the runner's", () => {
    const regional = store.replace('{ ', '{ region: us-east-2, ');
    expect(manifestStoreSettings(entryOn(regional), noInfisical, { AWS_REGION: 'eu-central-1' })).toMatchObject({
      region: 'us-east-2',
    });
  });

  it('without any region, name the entry and how to set one', () => {
    expect(() => manifestStoreSettings(entryOn(store), noInfisical, {})).toThrow(
      /secrets\[0\] \(api-token\): store\.region is not set.*AWS_REGION is empty/,
    );
  });
});
