import { InputError, type InputReader } from '@keyturn/core';
import {
  type Allowlist,
  EMPTY_ALLOWLIST,
  type Limits,
  type PreparedRules,
  parseAllowlist,
  parseByteSize,
  prepareRules,
  RuleConfigError,
  type Severity,
} from '@keyturn/image-audit';

export interface AuditConfig {
  readonly source:
    | { readonly kind: 'archive'; readonly path: string }
    | { readonly kind: 'image'; readonly image: string };
  readonly failOn: Severity;
  readonly countThirdParty: boolean;
  readonly allowlist: Allowlist;
  readonly rules: PreparedRules;
  readonly sarifPath: string;
  readonly limits: Limits;
}

export interface ConfigFiles {
  /** Reads a file the user named; undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
}

/** Every input read and checked, every file the inputs name read and
 * parsed, before the image is opened. */
export async function readConfig(inputs: InputReader, files: ConfigFiles): Promise<AuditConfig> {
  const archive = inputs.string('archive');
  const image = inputs.string('image');
  if (archive !== '' && image !== '') {
    throw new InputError(
      'archive',
      'and image are both given',
      'Give one: archive (a saved tar) or image (a local image to save).',
    );
  }
  if (archive === '' && image === '') {
    throw new InputError(
      'archive',
      'is required when image is not given',
      'Give the path of a `docker save` or OCI layout tar, or an image reference in image.',
    );
  }
  const failOn = inputs.oneOf('fail-on', ['low', 'medium', 'high'] as const, 'medium');
  inputs.boolean('dry-run', false);
  const countThirdParty = inputs.boolean('count-third-party', false);

  const allowlistPath = inputs.string('allowlist');
  let allowlist: Allowlist = EMPTY_ALLOWLIST;
  if (allowlistPath !== '') {
    const text = await files.readText(allowlistPath);
    if (text === undefined)
      throw new InputError(
        'allowlist',
        `names ${allowlistPath}, which does not exist`,
        'Check the path (it is relative to the workspace), or leave allowlist empty.',
      );
    allowlist = parseAllowlist(text);
  }

  const rulesPath = inputs.string('rules');
  let rulesToml: string | undefined;
  if (rulesPath !== '') {
    rulesToml = await files.readText(rulesPath);
    if (rulesToml === undefined)
      throw new InputError(
        'rules',
        `names ${rulesPath}, which does not exist`,
        'Check the path, or leave rules empty to use the built-in rules.',
      );
  }
  let rules: PreparedRules;
  try {
    rules = prepareRules(rulesToml);
  } catch (error) {
    if (!(error instanceof RuleConfigError)) throw error;
    throw new InputError(
      'rules',
      `(${rulesPath}) ${error.message}`,
      'Fix the rule; the format is a gitleaks TOML config ([[rules]] with id, regex, keywords…).',
    );
  }
  if (rules.ruleSet.rules.length === 0)
    throw new InputError(
      'rules',
      `(${rulesPath}) leaves no rule to run`,
      'Add [[rules]] or drop `useDefault = false`.',
    );

  const size = inputs.string('max-size', '32GiB');
  const maxBytes = parseByteSize(size);
  if (maxBytes === undefined || maxBytes <= 0) {
    throw new InputError('max-size', `is '${size}', not a size`, 'Write a number and a unit: 500MiB, 20GiB.');
  }
  return Object.freeze({
    source: archive !== '' ? { kind: 'archive', path: archive } : { kind: 'image', image },
    failOn,
    countThirdParty,
    allowlist,
    rules,
    sarifPath: inputs.string('sarif', 'image-audit.sarif'),
    limits: {
      maxBytes,
      maxEntries: inputs.integer('max-entries', 5_000_000, { min: 1, max: 1_000_000_000 }),
      maxRatio: inputs.integer('max-ratio', 200, { min: 2, max: 100_000 }),
    },
  } satisfies AuditConfig);
}
