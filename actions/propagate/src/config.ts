import { InputError, type InputReader, type Target } from '@keyturn/core';
import {
  checkValueFits,
  type DestinationSettings,
  readConcurrency,
  readDestinationSettings,
  readTargets,
} from '@keyturn/core/adapters/destinations';
import {
  maskStoreCredentials,
  readStoreSettings,
  STORE_KINDS,
  type StoreKind,
  type StoreSettings,
  storedNameFix,
  storedNameProblem,
} from '@keyturn/core/adapters/store-inputs';
import { storeModule } from '@keyturn/core/adapters/stores';

/**
 * propagate's inputs, read and checked in full before any request: a typo in
 * the last target line, a missing credential for one kind of target or a
 * value too large for one destination fails the run before the first write.
 * The store and destination inputs are read by core, as every action reads them.
 */
export interface SourceRef {
  store: StoreKind;
  name: string;
}

export interface PropagateConfig {
  /** The value when given directly; masked before anything else saw it. */
  value: string | undefined;
  source: SourceRef | undefined;
  /** The store `source:` names, when given. */
  store: Readonly<StoreSettings> | undefined;
  targets: readonly Target[];
  destinations: DestinationSettings;
  concurrency: number;
  failFast: boolean;
  dryRun: boolean;
}

const SOURCE_FORMS = STORE_KINDS.map((kind) => storeModule(kind).sourceForm).join(' or ');

function parseSource(text: string): SourceRef | undefined {
  if (text === '') return undefined;
  const colon = text.indexOf(':');
  const store = STORE_KINDS.find((kind) => kind === text.slice(0, colon));
  const name = text.slice(colon + 1).trim();
  if (store === undefined || colon < 0 || name === '') {
    throw new InputError('source', `is '${text}'`, `Write ${SOURCE_FORMS}.`);
  }
  const module = storeModule(store);
  const problem = module.sourceProblem?.(name) ?? storedNameProblem(store, name);
  if (problem) {
    const fix = module.sourceProblem?.(name) ? `Write ${module.sourceForm}.` : storedNameFix(store);
    throw new InputError('source', `names ${module.service} secret '${name}', which ${problem}`, fix);
  }
  return { store, name };
}

export function readPropagateConfig(
  inputs: InputReader,
  env: Readonly<Record<string, string | undefined>>,
): Readonly<PropagateConfig> {
  const value = inputs.secret('value');
  const source = parseSource(inputs.string('source'));
  if (value !== undefined && source !== undefined) {
    throw new InputError('value', 'and source are both given', 'Give one: the value itself, or where to read it.');
  }
  if (value === undefined && source === undefined) {
    throw new InputError('value', 'is empty and no source is given', 'Give value, or source: ssm:/path/NAME.');
  }
  const targets = readTargets(inputs, 'targets');
  if (targets.length === 0) {
    throw new InputError('targets', 'is empty', 'Give one destination per line, such as github:OWNER/REPO/NAME.');
  }
  const destinations = readDestinationSettings(inputs, targets, env);
  if (value !== undefined) checkValueFits(targets, value, 'value');
  let store: Readonly<StoreSettings> | undefined;
  if (source === undefined) maskStoreCredentials(inputs);
  else store = readStoreSettings(inputs, source.store, env);
  return Object.freeze({
    value,
    source,
    store,
    targets,
    destinations,
    concurrency: readConcurrency(inputs),
    failFast: inputs.boolean('fail-fast', false),
    dryRun: inputs.boolean('dry-run', false),
  });
}
