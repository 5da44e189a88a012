import { InputError, InputReader, parseGenerator, SecretRegistry } from '@keyturn/core';
import { describe, expect, it } from 'vitest';
import { generatedLengthBound, readRotateConfig } from '../src/config';

function read(inputs: Record<string, string>, env: Record<string, string> = { AWS_REGION: 'eu-west-1' }) {
  const masked: string[] = [];
  const secrets = new SecretRegistry({ setSecret: (value) => masked.push(value) });
  const reader = new InputReader((name) => inputs[name] ?? '', secrets);
  return { config: () => readRotateConfig(reader, env), masked };
}

function inputError(inputs: Record<string, string>, env?: Record<string, string>): InputError {
  try {
    read(inputs, env).config();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

const INFISICAL = {
  store: 'infisical',
  name: 'API_TOKEN',
  'infisical-project-id': 'proj-1',
  'infisical-environment': 'prod',
  'infisical-client-id': 'machine',
  'infisical-client-secret': 'machine-secret-value',
};

describe('readRotateConfig', () => {
  it('reads an SSM rotation with the default generator, frozen', () => {
    const config = read({ name: '/prod/api/token', 'max-age': '90d' }).config();
    expect(config).toMatchObject({
      name: '/prod/api/token',
      store: { kind: 'ssm', region: 'eu-west-1', endpoint: undefined },
      source: { kind: 'generate', text: 'hex:32', spec: { kind: 'hex', bytes: 32 } },
      maxAgeMs: 90 * 86_400_000,
      dryRun: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes the region from the input first and the endpoint from AWS_ENDPOINT_URL_SSM', () => {
    const config = read(
      { name: 'x', 'aws-region': 'us-gov-west-1' },
      {
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:4566',
      },
    ).config();
    expect(config.store).toMatchObject({ region: 'us-gov-west-1', endpoint: 'http://127.0.0.1:4566' });
  });

  // SigV4 sends the access key id and the session token in headers: an
  // endpoint over plain http is for this machine only, as every other API URL.
  it.each([
    ['AWS_ENDPOINT_URL_SSM', 'http://ssm.internal.example:4566', 'ssm'],
    ['AWS_ENDPOINT_URL', 'http://10.0.0.5:4566', 'ssm'],
    ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'http://sm.internal.example', 'secrets-manager'],
    ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'ftp://127.0.0.1', 'secrets-manager'],
  ])('refuses %s=%s (store %s)', (variable, url, store) => {
    const error = inputError({ name: 'x', store }, { AWS_REGION: 'eu-west-1', [variable]: url });
    expect(error.input).toBe(variable);
    expect(error.message).toMatch(/clear text|not a URL|uses ftp/);
  });

  it('reads an Infisical rotation and masks the client secret and a given value', () => {
    const { config, masked } = read({ ...INFISICAL, value: 'given-value-123' });
    expect(config()).toMatchObject({
      store: {
        kind: 'infisical',
        siteUrl: 'https://app.infisical.com',
        location: { projectId: 'proj-1', environment: 'prod', secretPath: '/' },
        auth: { clientId: 'machine', clientSecret: 'machine-secret-value' },
      },
      source: { kind: 'value', value: 'given-value-123' },
    });
    expect(masked).toContain('machine-secret-value');
    expect(masked).toContain('given-value-123');
  });

  it.each([
    [{}, 'name', 'is required'],
    [{ name: 'app/db' }, 'name', "does not start with '/'"],
    [{ name: '/aws/db' }, 'name', 'reserves'],
    [{ name: '/db pass' }, 'name', 'character'],
    [{ name: '/x', generate: 'hex' }, 'generate', 'needs a size'],
    [{ name: '/x', generate: 'rsa:1024' }, 'generate', 'rsa:2048'],
    [{ name: '/x', generate: 'sha:9' }, 'generate', 'not a generator'],
    [{ name: '/x', 'max-age': '90 days' }, 'max-age', 'not a duration'],
    [{ name: '/x', value: 'v-value', generate: 'hex:8' }, 'generate', 'together with value'],
    [{ name: '/x', rollback: 'true', value: 'v-value' }, 'value', 'rollback'],
    [{ name: '/x', rollback: 'true', generate: 'uuid' }, 'generate', 'rollback'],
    [{ name: '/x', rollback: 'true', 'max-age': '1d' }, 'max-age', 'rollback'],
    [{ name: '/x', rollback: 'yes' }, 'rollback', 'not a boolean'],
    [{ name: '/x', 'dry-run': 'maybe' }, 'dry-run', 'not a boolean'],
    [{ name: '/x', store: 'vault' }, 'store', "'vault'"],
    [{ name: '/x', value: 'v'.repeat(4097) }, 'value', 'tier: Advanced'],
    [{ name: '/x', value: 'v'.repeat(8193), tier: 'Advanced' }, 'value', '8192'],
    [{ name: '/x', generate: 'hex:2049' }, 'generate', 'up to 4098 bytes'],
    [{ name: '/x', tier: 'Premium' }, 'tier', 'Standard, Advanced'],
    [{ name: '/x', 'kms-key-id': 'my key' }, 'kms-key-id', 'alias/NAME'],
    [{ name: '/x', 'aws-region': 'Europe' }, 'aws-region', 'not an AWS region'],
    [{ name: '/x', 'infisical-project-id': 'p' }, 'infisical-project-id', 'store is ssm'],
    [{ ...INFISICAL, 'infisical-project-id': '' }, 'infisical-project-id', 'is required'],
    [{ ...INFISICAL, 'infisical-environment': '' }, 'infisical-environment', 'is required'],
    [{ ...INFISICAL, 'infisical-client-secret': '' }, 'infisical-client-secret', 'universal auth'],
    [{ ...INFISICAL, 'infisical-token': 'tok-value' }, 'infisical-token', 'together'],
    [{ ...INFISICAL, 'infisical-url': 'https://eu.infisical.com/api' }, 'infisical-url', '/api'],
    [{ ...INFISICAL, 'infisical-url': 'ftp://x' }, 'infisical-url', 'not a URL'],
    [{ ...INFISICAL, 'infisical-path': 'backend' }, 'infisical-path', 'starts with /'],
    // A folder path names exactly one folder: no segment that climbs or stays.
    [{ ...INFISICAL, 'infisical-path': '/a/../b' }, 'infisical-path', "segment '..'"],
    [{ ...INFISICAL, 'infisical-path': '/a/./b' }, 'infisical-path', "segment '.'"],
    [{ ...INFISICAL, 'infisical-path': '/a//b' }, 'infisical-path', 'empty segment'],
    [{ ...INFISICAL, 'infisical-path': '/a/%2e%2e' }, 'infisical-path', "holds '%'"],
    [{ ...INFISICAL, 'infisical-path': '/a\\b' }, 'infisical-path', "holds '\\'"],
    [{ ...INFISICAL, name: 'MY KEY' }, 'name', 'whitespace'],
    [{ ...INFISICAL, 'kms-key-id': 'alias/x' }, 'kms-key-id', 'store is infisical'],
  ])('refuses %j: %s', (inputs, input, problem) => {
    const error = inputError(inputs as Record<string, string>);
    expect(error.input).toBe(input);
    expect(error.message).toContain(problem);
  });

  it('needs a region for SSM', () => {
    expect(inputError({ name: '/x' }, {}).message).toContain('configure-aws-credentials');
  });

  it('allows large values on the Advanced tier and big keys within it', () => {
    expect(read({ name: '/x', value: 'v'.repeat(8192), tier: 'Advanced' }).config().source.kind).toBe('value');
    expect(read({ name: '/x', generate: 'rsa:4096' }).config().source.kind).toBe('generate');
  });
});

describe('generatedLengthBound', () => {
  it.each(['hex:32', 'base64:33', 'base64url:31', 'alnum:40', 'password:24', 'uuid', 'fernet', 'ed25519', 'rsa:2048'])(
    '%s is never exceeded',
    async (text) => {
      const { generateSecret } = await import('@keyturn/core');
      const spec = parseGenerator(text);
      const generated = await generateSecret(spec, new SecretRegistry({ setSecret: () => {} }));
      expect(generated.value.length).toBeLessThanOrEqual(generatedLengthBound(spec));
    },
  );
});
