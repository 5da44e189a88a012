import { generateKeyPair, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { SecretRegistry } from './secrets';

/**
 * The generators of SPEC.md. Randomness comes from node:crypto only. Every
 * generated value is masked inside `generateSecret`, on the line it is born.
 */
export type GeneratorSpec =
  | { kind: 'hex' | 'base64' | 'base64url'; bytes: number }
  | { kind: 'alnum' | 'password'; length: number }
  | { kind: 'uuid' | 'fernet' }
  | { kind: 'ed25519' }
  | { kind: 'rsa'; bits: 2048 | 3072 | 4096 };

export interface GeneratedSecret {
  value: string;
  /** The public half of a key pair, PEM (SPKI); not secret. */
  publicKey?: string;
}

export const MAX_GENERATED_SIZE = 4096;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Symbols that survive shells, URLs, .env files and YAML unquoted. */
const SYMBOLS = '-_.~!@#%^*+=:,';
const PASSWORD_CLASSES = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789', SYMBOLS];
const PASSWORD_ALPHABET = PASSWORD_CLASSES.join('');

/** A problem with a generator spec; the caller turns it into an InputError. */
export class GeneratorSyntaxError extends Error {
  override name = 'GeneratorSyntaxError';
}

export const GENERATOR_FORMS =
  'hex:N, base64:N, base64url:N (N random bytes), alnum:N, password:N (N characters), uuid, fernet, rsa:2048|3072|4096 or ed25519';

export function parseGenerator(text: string): GeneratorSpec {
  const [kind = '', arg, extra] = text.trim().split(':');
  if (extra !== undefined) throw new GeneratorSyntaxError(`'${text}' has more than one ':'`);
  const size = (min: number): number => {
    if (arg === undefined || !/^\d+$/.test(arg)) throw new GeneratorSyntaxError(`'${text}' needs a size: ${kind}:N`);
    const n = Number(arg);
    if (n < min || n > MAX_GENERATED_SIZE) {
      throw new GeneratorSyntaxError(`'${text}': N must be from ${min} to ${MAX_GENERATED_SIZE}`);
    }
    return n;
  };
  const noArg = () => {
    if (arg !== undefined) throw new GeneratorSyntaxError(`'${text}': ${kind} takes no size`);
  };
  switch (kind) {
    case 'hex':
    case 'base64':
    case 'base64url':
      return { kind, bytes: size(1) };
    case 'alnum':
      return { kind, length: size(1) };
    case 'password':
      return { kind, length: size(PASSWORD_CLASSES.length) };
    case 'uuid':
    case 'fernet':
      noArg();
      return { kind };
    case 'ed25519':
      noArg();
      return { kind };
    case 'rsa': {
      if (arg !== '2048' && arg !== '3072' && arg !== '4096') {
        throw new GeneratorSyntaxError(`'${text}': RSA keys are rsa:2048, rsa:3072 or rsa:4096`);
      }
      return { kind, bits: Number(arg) as 2048 | 3072 | 4096 };
    }
    default:
      throw new GeneratorSyntaxError(`'${text}' is not a generator`);
  }
}

/** N characters drawn uniformly from the alphabet. randomInt rejects biased
 * draws internally, so no character is likelier than another. */
function drawFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Uniform over all strings of the alphabet that hold every class: redraw the
 * whole string until it does, so no position is forced (and so predictable). */
function drawPassword(length: number): string {
  for (;;) {
    const candidate = drawFrom(PASSWORD_ALPHABET, length);
    if (PASSWORD_CLASSES.every((cls) => [...candidate].some((ch) => cls.includes(ch)))) return candidate;
  }
}

const PEM = {
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
} as const;

/** A key pair as PEM strings, generated off the main thread. */
function pemKeyPair(spec: { kind: 'rsa'; bits: number } | { kind: 'ed25519' }): Promise<Required<GeneratedSecret>> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, publicKey: string, privateKey: string) =>
      error ? reject(error) : resolve({ value: privateKey, publicKey });
    if (spec.kind === 'rsa') generateKeyPair('rsa', { modulusLength: spec.bits, ...PEM }, done);
    else generateKeyPair('ed25519', PEM, done);
  });
}

async function generate(spec: GeneratorSpec): Promise<GeneratedSecret> {
  switch (spec.kind) {
    case 'hex':
      return { value: randomBytes(spec.bytes).toString('hex') };
    case 'base64':
      return { value: randomBytes(spec.bytes).toString('base64') };
    case 'base64url':
      return { value: randomBytes(spec.bytes).toString('base64url') };
    case 'alnum':
      return { value: drawFrom(ALNUM, spec.length) };
    case 'password':
      return { value: drawPassword(spec.length) };
    case 'uuid':
      return { value: randomUUID() };
    case 'fernet':
      // A Fernet key is 32 random bytes in URL-safe base64 with padding.
      return { value: randomBytes(32).toString('base64url').concat('=') };
    case 'rsa':
    case 'ed25519':
      return pemKeyPair(spec);
  }
}

export async function generateSecret(spec: GeneratorSpec, secrets: SecretRegistry): Promise<GeneratedSecret> {
  const generated = await generate(spec);
  secrets.mask(generated.value);
  return generated;
}
