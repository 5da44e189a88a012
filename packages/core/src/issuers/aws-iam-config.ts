import { CheckFailedError, InputError } from '../errors';
import { credentialUrlProblem } from '../http-policy';
import { FieldReader } from './fields';

/** The aws-iam issuer's manifest fields and settings, read without loading
 * the AWS SDK (every bundle checks the manifest; ./aws-iam makes requests). */
export const AWS_IAM_SERVICE = 'AWS IAM';
export const AWS_STS_SERVICE = 'AWS STS';
export const AWS_IAM_FIELDS = ['user'] as const;
/** IAM's user name rule (CreateUser's UserName pattern and length). */
const USER_NAME = /^[\w+=,.@-]{1,64}$/;

export interface AwsIamIssuerConfig {
  user: string;
}

/** Reads the manifest's `issuer:` fields of an aws-iam entry. */
export function parseAwsIamConfig(raw: Readonly<Record<string, unknown>>, where: string): AwsIamIssuerConfig {
  const fields = new FieldReader(raw, where);
  fields.only(['kind', ...AWS_IAM_FIELDS]);
  const user = fields.requiredString('user', 'Give the IAM user whose access key is rotated, such as ci-deployer.');
  if (!USER_NAME.test(user)) {
    fields.fail(
      'user',
      `is '${user}', not an IAM user name`,
      'Give the user name only (up to 64 letters, digits and +=,.@_-), not its ARN or path.',
    );
  }
  return { user };
}

export interface AwsIamEndpoints {
  iam: string | undefined;
  sts: string | undefined;
  /** The STS signing region (IAM is global: us-east-1). */
  region: string;
}

/** AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL_STS (else AWS_ENDPOINT_URL), the SDK's
 * convention, under the HTTP policy: https://, or http:// to this machine only. */
export function readAwsIamEndpoints(env: Readonly<Record<string, string | undefined>>): AwsIamEndpoints {
  const read = (variable: string): string | undefined => {
    const text = env[variable] || env.AWS_ENDPOINT_URL || '';
    if (text === '') return undefined;
    const source = env[variable] ? variable : 'AWS_ENDPOINT_URL';
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InputError(source, `is '${text}', not a URL`, 'Unset it, or give an https:// URL.');
    }
    const problem = credentialUrlProblem(url);
    if (problem) throw new InputError(source, problem, 'Use https://, or http:// to 127.0.0.1 for an emulator.');
    return text;
  };
  return {
    iam: read('AWS_ENDPOINT_URL_IAM'),
    sts: read('AWS_ENDPOINT_URL_STS'),
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
  };
}

/** The stored value: one JSON document holding the pair, as SPEC says. */
export interface AccessKeyPair {
  AccessKeyId: string;
  SecretAccessKey: string;
}

export function accessKeyJson(pair: AccessKeyPair): string {
  return JSON.stringify({ AccessKeyId: pair.AccessKeyId, SecretAccessKey: pair.SecretAccessKey });
}

/** The pair in a stored value, or a CheckFailedError saying what the store must hold. */
export function parseAccessKeyJson(value: string, which: string): AccessKeyPair {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  const pair = parsed as Partial<AccessKeyPair> | undefined;
  if (
    typeof pair !== 'object' ||
    pair === null ||
    typeof pair.AccessKeyId !== 'string' ||
    !/^[A-Z0-9]{16,128}$/.test(pair.AccessKeyId) ||
    typeof pair.SecretAccessKey !== 'string' ||
    pair.SecretAccessKey === ''
  ) {
    throw new CheckFailedError(
      `the store's ${which} value is not an access key as the aws-iam issuer stores it: ` +
        'write {"AccessKeyId": "AKIA…", "SecretAccessKey": "…"} (the JSON CreateAccessKey answers with) to the store, or delete it so the first rotation creates it',
    );
  }
  return { AccessKeyId: pair.AccessKeyId, SecretAccessKey: pair.SecretAccessKey };
}
