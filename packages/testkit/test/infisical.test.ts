import { InfisicalSDK } from '@infisical/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InfisicalEmulator, startInfisical } from '../src/infisical';

let infisical: InfisicalEmulator;
const location = { projectId: 'proj-1', environment: 'prod', secretPath: '/' };

beforeEach(async () => {
  infisical = await startInfisical({
    clients: { 'client-id': 'client-secret' },
    tokens: ['static-token'],
    projects: { 'proj-1': ['dev', 'prod'] },
  });
});

afterEach(async () => {
  await infisical.close();
});

describe('Infisical emulator through the unmodified SDK', () => {
  it('logs in with universal auth and creates, updates and reads versions', async () => {
    const sdk = new InfisicalSDK({ siteUrl: infisical.url });
    await sdk.auth().universalAuth.login({ clientId: 'client-id', clientSecret: 'client-secret' });
    expect(infisical.issuedTokens).toHaveLength(1);
    const secrets = sdk.secrets();
    await secrets.createSecret('API_KEY', { ...location, secretValue: 'one' });
    await secrets.updateSecret('API_KEY', { ...location, secretValue: 'two' });
    const current = await secrets.getSecret({ ...location, secretName: 'API_KEY' });
    expect(current).toMatchObject({ secretKey: 'API_KEY', secretValue: 'two', version: 2 });
    const first = await secrets.getSecret({ ...location, secretName: 'API_KEY', version: 1 });
    expect(first.secretValue).toBe('one');
    const hidden = await secrets.getSecret({ ...location, secretName: 'API_KEY', viewSecretValue: false });
    expect(hidden.secretValue).not.toBe('two');
    const listed = await secrets.listSecrets({ ...location });
    expect(listed.secrets.map((secret) => secret.secretKey)).toEqual(['API_KEY']);
    expect(infisical.secretWrites().map((request) => request.method)).toEqual(['POST', 'PATCH']);
  });

  it('checks the token, the credentials, the project and the environment', async () => {
    const anonymous = new InfisicalSDK({ siteUrl: infisical.url });
    await expect(anonymous.secrets().getSecret({ ...location, secretName: 'X' })).rejects.toThrow(/StatusCode=401/);
    await expect(
      anonymous.auth().universalAuth.login({ clientId: 'client-id', clientSecret: 'wrong' }),
    ).rejects.toThrow(/Invalid credentials/);
    const sdk = new InfisicalSDK({ siteUrl: infisical.url }).auth().accessToken('static-token');
    await expect(sdk.secrets().getSecret({ ...location, secretName: 'X' })).rejects.toThrow(
      /StatusCode=404.*Secret with name/,
    );
    await expect(sdk.secrets().getSecret({ ...location, projectId: 'nope', secretName: 'X' })).rejects.toThrow(
      /Project with ID/,
    );
    await expect(sdk.secrets().createSecret('X', { ...location, environment: 'qa', secretValue: 'v' })).rejects.toThrow(
      /Environment with slug 'qa'/,
    );
    await sdk.secrets().createSecret('X', { ...location, secretValue: 'v' });
    await expect(sdk.secrets().createSecret('X', { ...location, secretValue: 'w' })).rejects.toThrow(/already exist/);
  });

  it('lists version history newest first', async () => {
    infisical.seed({ ...location, key: 'K' }, 'a');
    infisical.seed({ ...location, key: 'K' }, 'b');
    const record = infisical.find({ ...location, key: 'K' });
    const response = await fetch(`${infisical.url}/api/v1/secret/${record?.id}/secret-versions`, {
      headers: { authorization: 'Bearer static-token' },
    });
    const body = (await response.json()) as { secretVersions: { version: number }[] };
    expect(body.secretVersions.map((entry) => entry.version)).toEqual([2, 1]);
  });
});
