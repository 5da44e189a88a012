import {
  GENERATOR_FORMS,
  type GeneratorSpec,
  GeneratorSyntaxError,
  InputError,
  type InputReader,
  parseGenerator,
} from '@keyturn/core';
import {
  readStoredName,
  readStoreKind,
  readStoreSettings,
  type StoreSettings,
} from '@keyturn/core/adapters/store-inputs';
import { storeModule } from '@keyturn/core/adapters/stores';

export const DEFAULT_GENERATOR = 'hex:32';

export type ValueSource =
  | { kind: 'generate'; spec: GeneratorSpec; text: string }
  | { kind: 'value'; value: string }
  | { kind: 'rollback' };

export interface RotateConfig {
  name: string;
  store: Readonly<StoreSettings>;
  source: ValueSource;
  /** Skip when the current version is younger than this. */
  maxAgeMs: number | undefined;
  dryRun: boolean;
}

const PEM_PRIVATE_KEY_MAX = { 2048: 1732, 3072: 2516, 4096: 3300 } as const;

/** The most characters a generator can produce: checked against the store's
 * limit now, so an oversize value fails before anything is sent. */
export function generatedLengthBound(spec: GeneratorSpec): number {
  switch (spec.kind) {
    case 'hex':
      return spec.bytes * 2;
    case 'base64':
      return Math.ceil(spec.bytes / 3) * 4;
    case 'base64url':
      return Math.ceil((spec.bytes * 4) / 3);
    case 'alnum':
    case 'password':
      return spec.length;
    case 'uuid':
      return 36;
    case 'fernet':
      return 44;
    case 'ed25519':
      return 119;
    case 'rsa':
      return PEM_PRIVATE_KEY_MAX[spec.bits];
  }
}

function readSource(inputs: InputReader, rollback: boolean): ValueSource {
  const value = inputs.secret('value');
  const generate = inputs.string('generate');
  if (rollback) {
    if (value !== undefined) {
      throw new InputError(
        'value',
        'is set with rollback: true',
        'A rollback restores the previous version: drop value.',
      );
    }
    if (generate !== '') {
      throw new InputError(
        'generate',
        'is set with rollback: true',
        'A rollback restores the previous version: drop generate.',
      );
    }
    return { kind: 'rollback' };
  }
  if (value !== undefined) {
    if (generate !== '') {
      throw new InputError(
        'generate',
        'is set together with value',
        'Give one: value to store it, or generate to make one.',
      );
    }
    return { kind: 'value', value };
  }
  const text = generate === '' ? DEFAULT_GENERATOR : generate;
  try {
    return { kind: 'generate', spec: parseGenerator(text), text };
  } catch (error) {
    if (!(error instanceof GeneratorSyntaxError)) throw error;
    throw new InputError('generate', `is not a generator we know (${error.message})`, `Use ${GENERATOR_FORMS}.`);
  }
}

function checkSize(config: { store: StoreSettings; source: ValueSource }): void {
  const limit = storeModule(config.store.kind).valueLimit?.(config.store);
  if (limit === undefined || config.source.kind === 'rollback') return;
  if (config.source.kind === 'value') {
    const size = Buffer.byteLength(config.source.value, 'utf8');
    if (size > limit.bytes) throw new InputError('value', `is ${size} bytes`, limit.fix);
  } else {
    const bound = generatedLengthBound(config.source.spec);
    if (bound > limit.bytes) {
      throw new InputError(
        'generate',
        `is '${config.source.text}', which makes values up to ${bound} bytes`,
        limit.fix,
      );
    }
  }
}

/** Every input read and checked, before any request. */
export function readRotateConfig(
  inputs: InputReader,
  env: Readonly<Record<string, string | undefined>>,
): Readonly<RotateConfig> {
  const storeKind = readStoreKind(inputs);
  const name = readStoredName(inputs, storeKind);
  const rollback = inputs.boolean('rollback', false);
  const source = readSource(inputs, rollback);
  const maxAgeText = inputs.string('max-age');
  let maxAgeMs: number | undefined;
  if (maxAgeText !== '') {
    if (rollback) {
      throw new InputError(
        'max-age',
        'is set with rollback: true',
        'A rollback happens whatever the age: drop max-age.',
      );
    }
    maxAgeMs = inputs.duration('max-age', '0');
  }
  const store = readStoreSettings(inputs, storeKind, env);
  const dryRun = inputs.boolean('dry-run', false);
  const config: RotateConfig = { name, store, source, maxAgeMs, dryRun };
  checkSize(config);
  return Object.freeze(config);
}
