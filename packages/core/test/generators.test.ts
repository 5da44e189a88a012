import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GeneratorSyntaxError, generateSecret, parseGenerator } from '../src/generators';
import { SecretRegistry } from '../src/secrets';

const masked: string[] = [];
const secrets = new SecretRegistry({ setSecret: (value) => masked.push(value) });
const draw = async (spec: string) => (await generateSecret(parseGenerator(spec), secrets)).value;

describe('generator specs', () => {
  it.each([
    ['hex:32', { kind: 'hex', bytes: 32 }],
    ['base64url:24', { kind: 'base64url', bytes: 24 }],
    ['password:16', { kind: 'password', length: 16 }],
    ['uuid', { kind: 'uuid' }],
    ['rsa:3072', { kind: 'rsa', bits: 3072 }],
    ['ed25519', { kind: 'ed25519' }],
  ])('%s', (text, spec) => {
    expect(parseGenerator(text)).toEqual(spec);
  });

  it.each([
    ['hex', /needs a size/],
    ['hex:0', /from 1 to 4096/],
    ['alnum:5000', /from 1 to 4096/],
    ['password:3', /from 4 to 4096/],
    ['hex:1.5', /needs a size/],
    ['uuid:4', /takes no size/],
    ['rsa:1024', /rsa:2048, rsa:3072 or rsa:4096/],
    ['hex:8:8', /more than one ':'/],
    ['random:8', /not a generator/],
  ])('rejects %s', (text, message) => {
    expect(() => parseGenerator(text)).toThrow(GeneratorSyntaxError);
    expect(() => parseGenerator(text)).toThrow(message);
  });
});

describe('generated values', () => {
  it('have the length and alphabet of their kind', async () => {
    expect(await draw('hex:32')).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(await draw('base64:30'), 'base64')).toHaveLength(30);
    expect(await draw('base64url:30')).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect(await draw('alnum:50')).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(await draw('uuid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const fernet = await draw('fernet');
    expect(fernet).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(fernet, 'base64url')).toHaveLength(32);
  });

  it('put every character class in a password, even at the shortest length', async () => {
    for (let i = 0; i < 200; i++) {
      const password = await draw('password:4');
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^A-Za-z0-9]/);
    }
  });

  it.each(['hex:16', 'base64:16', 'base64url:16', 'alnum:22', 'password:20', 'uuid', 'fernet'])(
    '%s gives 10,000 distinct values',
    async (spec) => {
      const values = new Set<string>();
      for (let i = 0; i < 10_000; i++) values.add(await draw(spec));
      expect(values.size).toBe(10_000);
    },
  );

  it('alnum is unbiased: character counts pass a chi-squared test', async () => {
    const counts = new Map<string, number>();
    const text = await draw('alnum:4096');
    const more = await Promise.all(Array.from({ length: 30 }, () => draw('alnum:4096')));
    for (const ch of text + more.join('')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const total = 31 * 4096;
    const expected = total / 62;
    const chiSquared = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    // 61 degrees of freedom: 130 is beyond p = 1e-6. A modulo-biased draw
    // (256 % 62 = 8 favoured characters) scores about 900 here.
    expect(chiSquared).toBeLessThan(130);
  });

  it.each(['rsa:2048', 'ed25519'])('%s gives a PKCS#8 private key and its public key', async (spec) => {
    const generated = await generateSecret(parseGenerator(spec), secrets);
    expect(generated.value).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const privateKey = createPrivateKey(generated.value);
    expect(privateKey.asymmetricKeyType).toBe(spec === 'ed25519' ? 'ed25519' : 'rsa');
    if (spec === 'rsa:2048') expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const derived = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' });
    expect(generated.publicKey).toBe(derived);
  });

  it('masks every value, and each line of a PEM key, as it is born', async () => {
    const key = await generateSecret(parseGenerator('ed25519'), secrets);
    expect(masked).toContain(key.value);
    const body = key.value.split('\n')[1] ?? '';
    expect(masked).toContain(body);
    expect(masked).not.toContain(key.publicKey);
  });
});
