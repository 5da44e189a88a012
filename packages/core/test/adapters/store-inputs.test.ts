import { describe, expect, it } from 'vitest';
import {
  MAX_CONCURRENCY,
  parseTarget,
  readConcurrency,
  readDestinationSettings,
} from '../../src/adapters/destinations';
import {
  describeStore,
  maskStoreCredentials,
  readStoredName,
  readStoreKind,
  readStoreSettings,
  storeInputsGiven,
} from '../../src/adapters/store-inputs';
import { InputReader } from '../../src/inputs';
import { SecretRegistry } from '../../src/secrets';

function reader(inputs: Record<string, string>) {
  const masked: string[] = [];
  const secrets = new SecretRegistry({ setSecret: (value) => masked.push(value) });
  return { inputs: new InputReader((name) => inputs[name] ?? '', secrets), masked };
}

describe('store inputs', () => {
  it('reads SSM settings, frozen, with the endpoint from AWS_ENDPOINT_URL_SSM', () => {
    const { inputs } = reader({ 'aws-region': 'eu-west-1', tier: 'Advanced' });
    const settings = readStoreSettings(inputs, readStoreKind(inputs), { AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:1' });
    expect(settings).toEqual({
      kind: 'ssm',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:1',
      keyId: undefined,
      tier: 'Advanced',
      description: undefined,
    });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(describeStore(settings)).toBe('AWS SSM (eu-west-1)');
  });

  it('refuses the other store’s inputs, after masking its credentials', () => {
    const { inputs, masked } = reader({ 'aws-region': 'eu-west-1', 'infisical-token': 'kt-infisical-token-1' });
    expect(() => readStoreSettings(inputs, 'ssm', {})).toThrow(
      "input 'infisical-token' is set but store is ssm. Remove it, or set store to infisical.",
    );
    expect(masked).toContain('kt-infisical-token-1');
  });

  it('reads Infisical settings and describes them', () => {
    const { inputs } = reader({
      store: 'infisical',
      'infisical-project-id': 'p',
      'infisical-environment': 'prod',
      'infisical-token': 't',
    });
    const settings = readStoreSettings(inputs, readStoreKind(inputs), {});
    expect(settings).toMatchObject({ kind: 'infisical', auth: { accessToken: 't' } });
    expect(describeStore(settings)).toBe('Infisical (prod /)');
  });

  it('checks a name by the store’s rules', () => {
    expect(() => readStoredName(reader({ name: 'aws-thing' }).inputs, 'ssm')).toThrow(/input 'name' starts with 'aws'/);
    expect(() => readStoredName(reader({ name: 'A KEY' }).inputs, 'infisical')).toThrow(/holds whitespace/);
    expect(readStoredName(reader({ token: 'API_TOKEN' }).inputs, 'infisical', 'token')).toBe('API_TOKEN');
  });

  it('masks store credentials a run does not use', () => {
    const { inputs, masked } = reader({ 'infisical-client-secret': 'kt-unused-client-secret' });
    maskStoreCredentials(inputs);
    expect(masked).toContain('kt-unused-client-secret');
  });
});

describe('destination settings', () => {
  it('asks for the credential a target’s kind needs', () => {
    const targets = [parseTarget('heroku:acme-api/X')];
    expect(() => readDestinationSettings(reader({}).inputs, targets, {})).toThrow(
      /input 'heroku-api-key' is empty but heroku:acme-api\/X is a Heroku target/,
    );
    const settings = readDestinationSettings(reader({ 'heroku-api-key': 'k' }).inputs, targets, {
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
    });
    expect(settings).toEqual({
      github: { token: undefined, apiUrl: 'https://ghe.example.com/api/v3' },
      heroku: { apiKey: 'k', apiUrl: 'https://api.heroku.com' },
      fly: { token: undefined, apiUrl: 'https://api.machines.dev' },
    });
  });
});

describe('shared input readers', () => {
  it('names the store inputs set to something other than their default', () => {
    expect(storeInputsGiven(reader({ store: 'ssm', 'infisical-url': 'https://app.infisical.com' }).inputs)).toEqual([]);
    expect(storeInputsGiven(reader({ tier: 'Advanced', 'infisical-path': '/app' }).inputs)).toEqual([
      'tier',
      'infisical-path',
    ]);
  });

  it('reads concurrency from 1 to MAX_CONCURRENCY, 4 by default', () => {
    expect(readConcurrency(reader({}).inputs)).toBe(4);
    expect(readConcurrency(reader({ concurrency: String(MAX_CONCURRENCY) }).inputs)).toBe(20);
    expect(() => readConcurrency(reader({ concurrency: '21' }).inputs)).toThrow(/input 'concurrency' is '21'/);
  });
});
