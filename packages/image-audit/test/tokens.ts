import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';

/**
 * Realistic-looking credentials made at run time from random bytes, so no
 * token literal sits in the source for a push-protection scanner to flag, and
 * so scanners' placeholder filters (EXAMPLE, 1234…) do not hide them. Prefixes
 * are joined from parts for the same reason.
 */
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

const b62 = (length: number) => randomFrom(B62, length);

/**
 * A password as a generator makes one: 24 characters with a digit and both
 * cases, and no word the generic rule reads as naming a value rather than
 * being one (key, token…: a value holding one is an identifier, such as
 * X-Amz-Security-Token). About 2 in 1,000 plain draws lacked those, and the
 * tests that expect a finding failed on them now and then.
 */
function password(): string {
  for (;;) {
    const value = randomFrom(`${B62}!#%^*`, 24);
    if (
      /[0-9]/.test(value) &&
      /[a-z]/.test(value) &&
      /[A-Z]/.test(value) &&
      !/key|token|secret|passw|credential|auth/i.test(value)
    )
      return value;
  }
}
const join = (...parts: string[]) => parts.join('');

export const tokens = {
  githubPat: () => join('gh', 'p_', b62(36)),
  githubFineGrained: () => join('github', '_pat_', b62(22), '_', b62(59)),
  awsAccessKeyId: () => join('AK', 'IA', randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)),
  awsSecretAccessKey: () => randomBytes(30).toString('base64'),
  gcpApiKey: () => join('AI', 'za', randomFrom(`${B62}_-`, 35)),
  gcpPrivateKeyId: () => randomBytes(20).toString('hex'),
  azureStorageKey: () => randomBytes(64).toString('base64'),
  azureClientSecret: () => join(randomFrom(B62, 3), String(randomInt(10)), 'Q', '~', randomFrom(`${B62}_~.-`, 34)),
  slackBot: () => join('xo', 'xb-', String(randomInt(1e9, 1e10)), '-', String(randomInt(1e9, 1e10)), '-', b62(24)),
  slackWebhook: () =>
    join(
      'https://hooks.',
      'slack.com/services/T',
      randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10),
      '/B',
      randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10),
      '/',
      b62(24),
    ),
  stripeLive: () => join('sk', '_live_', b62(99)),
  npm: () => join('np', 'm_', b62(36)),
  pypi: () => join('pyp', 'i-', 'AgEIcHlwaS5vcmc', randomBytes(60).toString('base64url')),
  jwt: () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return [
      part({ alg: 'HS256', typ: 'JWT' }),
      part({ sub: b62(12), iat: randomInt(1e9, 2e9) }),
      randomBytes(32).toString('base64url'),
    ].join('.');
  },
  password,
  hex: (bytes = 32) => randomBytes(bytes).toString('hex'),
  privateKeyPem: () =>
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  rsaPrivateKeyPem: () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
};
