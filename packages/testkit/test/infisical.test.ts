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

  it('answers a create of an existing key as Infisical does: 400 Secret already exist', async () => {
    infisical.seed({ ...location, key: 'TAKEN' }, 'v');
    const send = () =>
      fetch(`${infisical.url}/api/v3/secrets/raw/TAKEN`, {
        method: 'POST',
        headers: { authorization: 'Bearer static-token', 'content-type': 'application/json' },
        body: JSON.stringify({ workspaceId: 'proj-1', environment: 'prod', secretPath: '/', secretValue: 'w' }),
      });
    const conflict = await send();
    expect(conflict.status).toBe(400);
    expect(await conflict.json()).toMatchObject({
      statusCode: 400,
      message: 'Secret already exist',
      error: 'BadRequest',
    });
    // Two creates racing past the existence check meet the unique index: a DatabaseError, 500.
    infisical.createRaceAnswers500();
    const raced = await send();
    expect(raced.status).toBe(500);
    expect(await raced.json()).toMatchObject({ statusCode: 500, message: 'Something went wrong' });
    expect((await send()).status).toBe(400);
    expect(infisical.find({ ...location, key: 'TAKEN' })?.versions).toHaveLength(1);
  });

  it('keeps secrets in folders: a missing folder is 404 for one secret, empty for a list', async () => {
    const sdk = new InfisicalSDK({ siteUrl: infisical.url }).auth().accessToken('static-token');
    const deep = { ...location, secretPath: '/app/keyturn' };
    await expect(sdk.secrets().getSecret({ ...deep, secretName: 'X' })).rejects.toThrow(
      /StatusCode=404.*Folder with path '\/app\/keyturn' in environment with slug 'prod' not found/,
    );
    await expect(sdk.secrets().createSecret('X', { ...deep, secretValue: 'v' })).rejects.toThrow(/Folder with path/);
    expect((await sdk.secrets().listSecrets({ ...deep })).secrets).toEqual([]);
    // Creating a folder makes its parents, and creating it again answers the same folder.
    const made = await sdk.folders().create({ ...location, path: '/app', name: 'keyturn' });
    expect(made).toMatchObject({ name: 'keyturn', path: '/app/keyturn' });
    await sdk.folders().create({ ...location, path: '/app', name: 'keyturn' });
    expect(infisical.hasFolder({ ...location, secretPath: '/app' })).toBe(true);
    await sdk.secrets().createSecret('X', { ...deep, secretValue: 'v' });
    expect((await sdk.secrets().getSecret({ ...deep, secretName: 'X' })).secretValue).toBe('v');
    await sdk.secrets().deleteSecret('X', { ...deep });
    await expect(sdk.secrets().getSecret({ ...deep, secretName: 'X' })).rejects.toThrow(/Secret with name 'X'/);
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
