import {
  GetSecretValueCommand,
  InvalidParameterException,
  InvalidRequestException,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SecretsManagerEmulator, startSecretsManager } from '../src/secrets-manager';
import { useEmulatorAwsCredentials } from '../src/ssm';

let sm: SecretsManagerEmulator;
let client: SecretsManagerClient;
let restoreEnv: () => void;
const TOKEN_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const TOKEN_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

beforeEach(async () => {
  restoreEnv = useEmulatorAwsCredentials();
  sm = await startSecretsManager();
  client = new SecretsManagerClient({ region: 'eu-west-1', endpoint: sm.url, maxAttempts: 1 });
});

afterEach(async () => {
  expect(sm.emulator.violations).toEqual([]);
  client.destroy();
  await sm.close();
  restoreEnv();
});

describe('Secrets Manager emulator, through @aws-sdk/client-secrets-manager', () => {
  it('answers a missing secret with ResourceNotFoundException', async () => {
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('moves AWSPREVIOUS to the version AWSCURRENT leaves when PutSecretValue takes the default stage', async () => {
    const first = sm.seed('s', 'one');
    await client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: 'two', ClientRequestToken: TOKEN_A }));
    expect(sm.describe('s')).toEqual([
      { versionId: first, stages: ['AWSPREVIOUS'] },
      { versionId: TOKEN_A, stages: ['AWSCURRENT'] },
    ]);
  });

  it('ignores a repeated ClientRequestToken with the same value and refuses it with another', async () => {
    sm.seed('s', 'one');
    const put = (value: string) =>
      client.send(new PutSecretValueCommand({ SecretId: 's', SecretString: value, ClientRequestToken: TOKEN_A }));
    await put('two');
    await put('two');
    expect(sm.describe('s')).toHaveLength(2);
    await expect(put('three')).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('refuses to move a label attached elsewhere unless RemoveFromVersionId names its holder', async () => {
    const first = sm.seed('s', 'one');
    await client.send(
      new PutSecretValueCommand({
        SecretId: 's',
        SecretString: 'two',
        ClientRequestToken: TOKEN_B,
        VersionStages: ['AWSPENDING'],
      }),
    );
    const move = (removeFrom?: string) =>
      client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: 's',
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: TOKEN_B,
          ...(removeFrom ? { RemoveFromVersionId: removeFrom } : {}),
        }),
      );
    await expect(move()).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(move(TOKEN_B)).rejects.toThrow(/must be set to the version that currently has the staging label/);
    await move(first);
    expect(sm.describe('s')).toEqual([
      { versionId: first, stages: ['AWSPREVIOUS'] },
      { versionId: TOKEN_B, stages: ['AWSPENDING', 'AWSCURRENT'] },
    ]);
  });

  it('lists unlabelled versions only as deprecated, in pages', async () => {
    for (const value of ['a', 'b', 'c', 'd']) sm.seed('s', value);
    const labelled = await client.send(new ListSecretVersionIdsCommand({ SecretId: 's' }));
    expect(labelled.Versions?.map((version) => version.VersionStages)).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']]);
    const page = await client.send(
      new ListSecretVersionIdsCommand({ SecretId: 's', IncludeDeprecated: true, MaxResults: 3 }),
    );
    expect(page.Versions).toHaveLength(3);
    const rest = await client.send(
      new ListSecretVersionIdsCommand({
        SecretId: 's',
        IncludeDeprecated: true,
        MaxResults: 3,
        NextToken: page.NextToken,
      }),
    );
    expect(rest.Versions).toHaveLength(1);
    expect(rest.NextToken).toBeUndefined();
  });

  it('refuses reads of a secret scheduled for deletion with InvalidRequestException', async () => {
    sm.seed('s', 'one');
    sm.scheduleDeletion('s');
    await expect(client.send(new GetSecretValueCommand({ SecretId: 's' }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
  });
});
