import type { Severity } from './types';

/**
 * Credential files, reported by path whatever their content: a `.npmrc`
 * whose token line a later `RUN` rewrote is still a credential file. Files
 * that are often harmless (`.npmrc` with only a registry) are `low`, so the
 * default `fail-on: medium` fails on the content rules that see a token in
 * them, not on the file's existence.
 */
export interface PathRule {
  readonly id: string;
  readonly description: string;
  readonly severity: Severity;
  readonly test: (path: string, base: string) => boolean;
  /** Content that clears the file (a `.pem` holding only certificates). */
  readonly harmless?: (head: string) => boolean;
}

const ONLY_PUBLIC_PEM = (text: string) =>
  /-----BEGIN /.test(text) && !/-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(text) && !/PRIVATE/.test(text);

export const PATH_RULES: readonly PathRule[] = [
  {
    id: 'ssh-private-key-file',
    description: 'SSH private key file',
    severity: 'high',
    test: (_path, base) => /^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/.test(base) || /^ssh_host_\w+_key$/.test(base),
  },
  {
    id: 'keystore-file',
    description: 'PKCS#12 / Java keystore file',
    severity: 'high',
    test: (_path, base) => /\.(?:p12|pfx|jks|keystore)$/i.test(base),
  },
  {
    id: 'key-file',
    description: 'Key file (*.key)',
    severity: 'medium',
    test: (_path, base) => /\.key$/i.test(base),
    harmless: ONLY_PUBLIC_PEM,
  },
  {
    id: 'pem-file',
    description: 'PEM file holding more than certificates',
    severity: 'medium',
    test: (_path, base) => /\.pem$/i.test(base),
    harmless: ONLY_PUBLIC_PEM,
  },
  {
    id: 'git-credentials-file',
    description: 'git credential store (.git-credentials)',
    severity: 'high',
    test: (_path, base) => base === '.git-credentials',
  },
  {
    id: 'terraform-state-file',
    description: 'Terraform state (holds every secret Terraform manages)',
    severity: 'high',
    test: (_path, base) => /^terraform\.tfstate(?:\.backup)?$/.test(base),
  },
  {
    id: 'dotenv-file',
    description: 'dotenv file (.env)',
    severity: 'medium',
    test: (_path, base) =>
      base === '.env' || (/^\.env\.[\w.-]+$/.test(base) && !/(?:example|sample|template|dist|defaults?)$/i.test(base)),
  },
  {
    id: 'npmrc-file',
    description: 'npm config file (.npmrc)',
    severity: 'low',
    test: (path, base) => base === '.npmrc' || path.endsWith('etc/npmrc'),
  },
  {
    id: 'pypirc-file',
    description: 'PyPI config file (.pypirc)',
    severity: 'low',
    test: (_path, base) => base === '.pypirc',
  },
  {
    id: 'netrc-file',
    description: 'netrc file',
    severity: 'low',
    test: (_path, base) => base === '.netrc' || base === '_netrc',
  },
  {
    id: 'docker-config-file',
    description: 'Docker client config (.docker/config.json)',
    severity: 'low',
    test: (path) => path.endsWith('.docker/config.json'),
  },
  {
    id: 'aws-credentials-file',
    description: 'AWS shared credentials file',
    severity: 'low',
    test: (path) => path.endsWith('.aws/credentials'),
  },
  {
    id: 'kubeconfig-file',
    description: 'Kubernetes kubeconfig',
    severity: 'low',
    test: (path, base) => path.endsWith('.kube/config') || base === 'kubeconfig',
  },
  {
    id: 'git-directory',
    description: 'A .git directory (history may hold secrets removed from the tree)',
    severity: 'low',
    // One finding per repository, on the file every repository has.
    test: (path) => /(?:^|\/)\.git\/HEAD$/.test(path),
  },
];

/** A necessary condition for every rule above, on the file's name: the
 * rules' fourteen tests ran on every file (~3 µs each), and nearly no file
 * of an image (node_modules, /usr) passes this one. test/paths.test.ts
 * holds it to the rules. */
const MAYBE_CREDENTIAL_FILE =
  /^(?:\.|id_|ssh_host_|terraform\.tfstate|_netrc$|npmrc$|config\.json$|credentials$|config$|kubeconfig$|head$)|\.(?:p12|pfx|jks|keystore|key|pem)$/i;

export function matchPathRule(path: string): PathRule | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (!MAYBE_CREDENTIAL_FILE.test(base)) return undefined;
  return PATH_RULES.find((rule) => rule.test(path, base));
}
