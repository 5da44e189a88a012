import { isPlaceholder, shannonEntropy } from './entropy';
import type { ContentRule } from './types';

/**
 * The built-in rules, each written from the token format its issuer
 * documents. Prefixed formats (ghp_, AKIA, xoxb-, sk_live_, npm_, pypi-) are
 * matched exactly; unprefixed secrets only next to a key name that says what
 * they are, and only when they look random.
 */

const B62 = 'A-Za-z0-9';
/** Token characters must not continue on either side of a match. */
const END = `(?![${B62}_])`;
const START = `(?<![${B62}_])`;

function decodeBase64(text: string): string | undefined {
  try {
    return Buffer.from(text, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

function isJsonObject(base64url: string): boolean {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(base64url, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** A value that reads like code or prose rather than a credential. */
function looksLikeCode(value: string): boolean {
  // options.accessToken, config.auth.secretKey (a JWT's parts are longer)
  if (/^[A-Za-z_$][\w$]{0,30}(?:\.[A-Za-z_$][\w$]{0,30})+$/.test(value)) return true;
  if (/[(){}<>$\\]|^\/|^https?:/.test(value)) return true;
  if (/&&|\|\||==|^=/.test(value)) return true; // minified code: a===b&&!c
  return false;
}

/** Documentation samples dressed as tokens: `ghp_PersonalAccessToken0123…`,
 * `AKIA…EXAMPLE`, a run of one character, `123456`. A random token holds a
 * given 5-letter word with odds of about one in a million. */
const SAMPLE_WORDS = /example|sample|dummy|placeholder|redacted/i;
export function looksLikeSample(token: string): boolean {
  return SAMPLE_WORDS.test(token) || /(.)\1{7}/.test(token) || /0123456|123456789|abcdefgh/i.test(token);
}

/** For prefixed tokens: the part after the documented prefix. */
const genuine = (prefix: number) => (secret: string) => !looksLikeSample(secret.slice(prefix));

/** Random enough to be a generated credential: letters with digits, or
 * both cases at higher entropy (`ozpzpPbWnvyOMNzhdeVBNiez`). Hex draws from
 * 16 symbols only (4 bits at most): held to the same bar, one random 40-digit
 * hex secret in 20 fell under 3.5 bits; at 2.7, none of 400,000 random
 * 32- or 40-digit ones did, while repeats like `deadbeef…` (2.2) stay out. */
function randomLooking(value: string, minEntropy: number): boolean {
  if (isPlaceholder(value) || looksLikeCode(value) || looksLikeSample(value)) return false;
  const entropy = shannonEntropy(value);
  if (/^[0-9a-f]+$/i.test(value) && /[0-9]/.test(value) && /[a-f]/i.test(value)) return entropy >= minEntropy - 0.8;
  if (/[0-9]/.test(value) && /[A-Za-z]/.test(value)) return entropy >= minEntropy;
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && value.length >= 20 && entropy >= minEntropy + 0.5;
}

/** [\w.-] and \s (within Latin-1) as byte tables. */
const WORD_BYTE = Uint8Array.from({ length: 256 }, (_, code) => (/[\w.-]/i.test(String.fromCharCode(code)) ? 1 : 0));
const SPACE_BYTE = Uint8Array.from({ length: 256 }, (_, code) => (/\s/.test(String.fromCharCode(code)) ? 1 : 0));
/** The longest key before its operator in generic-secret-assignment's
 * `atKeyword`: a keyword (`credential`, 10) and `s?[\w.-]{0,20}`. */
const LONGEST_KEY = 31;

/**
 * The bytes form of generic-secret-assignment's `atKeyword` up to its
 * operator: from the keyword, characters of [\w.-] (the keyword's own, `s?`
 * and `[\w.-]{0,20}`: LONGEST_KEY at most, and all of them, since what
 * follows is none of them), an optional quote, any \s, then `=`, `:` or `?`
 * (of `=`, `:`, `:=`, `=>`, `?=`). False only where `atKeyword` fails.
 */
export function assignmentFollows(bytes: Uint8Array, at: number, end: number): boolean {
  let next = at;
  while (next < end && WORD_BYTE[bytes[next] ?? 0] === 1) {
    if (++next - at > LONGEST_KEY) return false;
  }
  if (bytes[next] === 0x22 || bytes[next] === 0x27) next++;
  while (next < end && SPACE_BYTE[bytes[next] ?? 0] === 1) next++;
  if (next >= end) return false;
  const operator = bytes[next];
  return operator === 0x3d || operator === 0x3a || operator === 0x3f;
}

// lead/reach: where a match can start before its keyword and end after it
// (a 4096-bit RSA key is ~3.3 KB, ~3.4 KB as escaped JSON; a JWT rarely
// passes 8 KB). The regex runs on that slice around each keyword only.
const RULES: readonly ContentRule[] = [
  {
    id: 'github-token',
    accept: genuine(4),
    lead: 1,
    reach: 48,
    description: 'GitHub token (personal access, OAuth, user-to-server, server-to-server or refresh)',
    severity: 'high',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    regex: new RegExp(`${START}(gh[pousr]_[${B62}]{36})${END}`, 'g'),
    visiblePrefix: 4,
  },
  {
    id: 'github-fine-grained-pat',
    accept: genuine(11),
    lead: 1,
    reach: 100,
    description: 'GitHub fine-grained personal access token',
    severity: 'high',
    keywords: ['github_pat_'],
    regex: new RegExp(`${START}(github_pat_[${B62}]{22}_[${B62}]{59})${END}`, 'g'),
    visiblePrefix: 11,
  },
  {
    id: 'aws-access-key-id',
    accept: genuine(4),
    lead: 1,
    reach: 24,
    description: 'AWS access key ID (identifies a key; the secret is usually near)',
    severity: 'medium',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    regex: /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Za-z0-9])/g,
    visiblePrefix: 4,
  },
  {
    id: 'aws-secret-access-key',
    lead: 48,
    reach: 140,
    description: 'AWS secret access key',
    severity: 'high',
    keywords: ['aws', 'secret_access_key', 'secretaccesskey'],
    regex:
      /(?:aws[\w.-]{0,20}?(?:secret|sk)[\w.-]{0,20}?|secret_?access_?key)["']?\s*(?:[:=]|:=|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    // 'aws' is everywhere in an AWS SDK; a slice without 40 such
    // characters in a row holds no match, and is not made a string.
    run: { of: /[A-Za-z0-9/+]/, length: 40 },
    // Exactly 40 base64 characters: any of them may come first, `/` too.
    accept: (secret) => !isPlaceholder(secret) && !looksLikeSample(secret) && shannonEntropy(secret) >= 4,
  },
  {
    id: 'gcp-api-key',
    accept: genuine(4),
    lead: 1,
    reach: 48,
    description: 'Google Cloud API key',
    severity: 'high',
    keywords: ['aiza'],
    regex: /(?<![\w-])(AIza[0-9A-Za-z_-]{35})(?![\w-])/g,
    visiblePrefix: 4,
  },
  {
    id: 'gcp-service-account-key',
    lead: 2,
    reach: 64,
    description: 'Google Cloud service account key file (private_key_id)',
    severity: 'high',
    keywords: ['private_key_id'],
    regex: /"private_key_id"\s*:\s*"([a-f0-9]{40})"/g,
  },
  {
    id: 'azure-storage-account-key',
    lead: 1,
    reach: 110,
    description: 'Azure storage account key (connection string AccountKey)',
    severity: 'high',
    keywords: ['accountkey'],
    regex: /AccountKey\s*=\s*([A-Za-z0-9+/]{86}==)/gi,
  },
  {
    id: 'azure-sas-token',
    lead: 300,
    reach: 400,
    description: 'Azure shared access signature (sig= in a SAS URL or connection string)',
    severity: 'high',
    keywords: ['sig='],
    regex: /[?&;]sv=\d{4}-\d{2}-\d{2}[^\s"'<>]*?[&;]sig=([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2})/gi,
  },
  {
    id: 'azure-ad-client-secret',
    lead: 6,
    reach: 48,
    description: 'Microsoft Entra ID (Azure AD) application client secret',
    severity: 'high',
    keywords: ['q~'],
    regex: /(?<![\w~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/g,
    accept: (secret) => shannonEntropy(secret) >= 3.5,
  },
  {
    id: 'slack-token',
    accept: genuine(5),
    lead: 1,
    reach: 200,
    description: 'Slack bot, user, app or configuration token',
    severity: 'high',
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe', 'xapp-'],
    regex:
      /(?<![\w-])(xox[bpars]-\d{8,13}-[0-9A-Za-z-]{10,}|xoxe(?:\.xox[bp])?-\d-[A-Z0-9]{140,170}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]{64})(?![\w-])/g,
    visiblePrefix: 5,
  },
  {
    id: 'slack-webhook-url',
    lead: 9,
    reach: 160,
    description: 'Slack incoming webhook URL',
    severity: 'high',
    keywords: ['hooks.slack.com'],
    regex:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(T[A-Z0-9]{8,}\/[A-Z0-9]{8,}\/[A-Za-z0-9]{20,})/g,
  },
  {
    id: 'stripe-secret-key',
    accept: genuine(8),
    lead: 1,
    reach: 260,
    description: 'Stripe secret or restricted API key',
    severity: 'high',
    keywords: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_'],
    regex: new RegExp(`${START}((?:sk|rk)_(?:live|test)_[${B62}]{24,247})${END}`, 'g'),
    visiblePrefix: 8,
  },
  {
    id: 'npm-access-token',
    accept: genuine(4),
    lead: 1,
    reach: 48,
    description: 'npm access token',
    severity: 'high',
    keywords: ['npm_'],
    regex: new RegExp(`${START}(npm_[${B62}]{36})${END}`, 'g'),
    visiblePrefix: 4,
  },
  {
    id: 'npmrc-auth',
    fallback: true,
    lead: 2,
    reach: 300,
    description: 'npm registry credential in an .npmrc (_authToken, _auth or _password)',
    severity: 'high',
    keywords: ['_authtoken', '_auth', '_password'],
    regex: /(?:^|[\s:])(?:_authToken|_auth|_password)\s*=\s*["']?([^\s"'#;]{8,})/gim,
    accept: (secret) => !isPlaceholder(secret),
  },
  {
    id: 'pypi-token',
    lead: 1,
    reach: 400,
    description: 'PyPI or TestPyPI API token',
    severity: 'high',
    keywords: ['pypi-ag'],
    regex: /(?<![\w-])(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})(?![\w-])/g,
    visiblePrefix: 5,
  },
  {
    id: 'private-key',
    lead: 24,
    reach: 12000,
    description: 'Private key (PEM block)',
    severity: 'high',
    keywords: ['private key'],
    // Lines may end in a newline or, inside JSON (GCP key files), in `\n`.
    regex:
      /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----(?:\r?\n|(?:\\r)?\\n)(?:[A-Za-z-]+: [^\r\n\\]*(?:\r?\n|(?:\\r)?\\n))*(?:\r?\n|(?:\\r)?\\n)?(?:[A-Za-z0-9+/=]{16,}(?:\r?\n|(?:\\r)?\\n))+[A-Za-z0-9+/=]*(?:\r?\n|(?:\\r)?\\n)?(?:=[A-Za-z0-9+/]{4}(?:\r?\n|(?:\\r)?\\n))?-----END \1PRIVATE KEY(?: BLOCK)?-----/g,
    secretGroup: 0,
  },
  {
    id: 'jwt',
    lead: 1,
    reach: 8192,
    description: 'JSON Web Token',
    severity: 'medium',
    keywords: ['eyj'],
    regex: /(?<![\w-])(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![\w-])/g,
    accept: (secret) => {
      const [header = '', payload = ''] = secret.split('.');
      return isJsonObject(header) && isJsonObject(payload);
    },
  },
  {
    id: 'url-password',
    fallback: true,
    lead: 24,
    reach: 300,
    description: 'URL with a password (scheme://user:password@host)',
    severity: 'high',
    keywords: ['://'],
    regex: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/'"`<>]{1,64}:([^\s:@/'"`<>]{3,200})@[A-Za-z0-9.-]+/gi,
    // The regex from `//` on: most URLs have no `user:password@`, and this
    // finds that without trying each character as the scheme's start.
    precheck: /\/\/[^\s:@/'"`<>]{1,64}:[^\s:@/'"`<>]{3,200}@[A-Za-z0-9.-]/,
    accept: (secret, match) => {
      let decoded = secret;
      try {
        decoded = decodeURIComponent(secret);
      } catch {}
      // anonymous:… is the FTP/HTTP convention for "no account".
      if (/:\/\/anonymous:/i.test(match[0])) return false;
      return (
        decoded.length >= 5 &&
        !isPlaceholder(decoded) &&
        !/^[$%{<]/.test(decoded) &&
        !/@(?:example|localhost)\b/.test(match[0])
      );
    },
  },
  {
    id: 'docker-config-auth',
    lead: 1,
    reach: 400,
    description: 'Registry credential in a Docker config.json (auth, identitytoken)',
    severity: 'high',
    keywords: ['"auth"', '"identitytoken"', '"registrytoken"'],
    regex: /"(?:auth|identitytoken|registrytoken)"\s*:\s*"([A-Za-z0-9+/=._-]{8,})"/g,
    accept: (secret, match) => {
      if (!match[0].startsWith('"auth"')) return !isPlaceholder(secret);
      const decoded = decodeBase64(secret);
      const colon = decoded?.indexOf(':') ?? -1;
      return decoded !== undefined && colon > 0 && !isPlaceholder(decoded.slice(colon + 1));
    },
  },
  {
    id: 'netrc-password',
    fallback: true,
    lead: 1,
    reach: 400,
    description: 'Password in a .netrc entry',
    severity: 'high',
    keywords: ['machine'],
    regex: /\bmachine\s+\S+\s+(?:login\s+\S+\s+)?password\s+([^\s'"`]+)/g,
    accept: (secret) => !isPlaceholder(secret),
  },
  {
    id: 'kubeconfig-credential',
    fallback: true,
    lead: 16,
    reach: 400,
    description: 'Kubernetes kubeconfig client key or token',
    severity: 'high',
    keywords: ['client-key-data', 'auth-provider', 'token:'],
    regex: /^\s*(?:client-key-data|token|id-token|refresh-token):\s*["']?([A-Za-z0-9+/=._-]{20,})["']?\s*$/gm,
    accept: (secret) => randomLooking(secret, 3.5),
  },
  {
    id: 'generic-secret-assignment',
    lead: 48,
    reach: 300,
    description: 'High-entropy value assigned to a key that names a secret',
    severity: 'medium',
    // Every way the key can name a secret, as the regex spells it: each
    // match then holds a keyword, and `atKeyword` can skip the others.
    keywords: [
      'secret',
      'token',
      'passw',
      'pwd',
      'credential',
      'apikey',
      'api_key',
      'api-key',
      'api.key',
      'authkey',
      'auth_key',
      'auth-key',
      'auth.key',
      'accesskey',
      'access_key',
      'access-key',
      'access.key',
    ],
    regex:
      /(?<![\w-])([\w.-]{0,40}?(?:api[_.-]?key|apikey|secret|token|passw(?:or)?d|pwd|auth[_.-]?key|access[_.-]?key|credential)s?[\w.-]{0,20}?)["']?\s*(?:=|:|:=|=>|\?=)\s*(["'`]?)([A-Za-z0-9+/=_.~!@#%^&*-]{16,200})\2(?![A-Za-z0-9+/=_.~-])/gi,
    // The regex from the keyword on: most keywords in code (tokenizer,
    // secretOf, `token: 'x'` a line later) start no assignment of 16+ value
    // characters. 1 occurrence in 30 passes over a node_modules-like tree,
    // where a check for an operator anywhere in the slice let half through.
    atKeyword:
      /(?:api[_.-]?key|apikey|secret|token|passw(?:or)?d|pwd|auth[_.-]?key|access[_.-]?key|credential)s?[\w.-]{0,20}?["']?\s*(?:=|:|:=|=>|\?=)\s*["'`]?[A-Za-z0-9+/=_.~!@#%^&*-]{16}/iy,
    atKeywordBytes: assignmentFollows,
    secretGroup: 3,
    fallback: 'generic',
    accept: (secret, match) => {
      const key = match[1] ?? '';
      if (
        /(?:_?(?:file|path|dir|url|uri|endpoint|type|name|id|length|len|size|ttl|expiry|expires|header|field|prefix))$/i.test(
          key,
        )
      )
        return false;
      // Header names and identifiers: X-Amz-Security-Token, CreateTokenRequest.
      if (/token|secret|passw|credential|auth|key/i.test(secret)) return false;
      if (/^[A-Z]?[a-z]{2,}(?:[A-Z][a-z]{2,})+$/.test(secret)) return false;
      return randomLooking(secret, 3.5);
    },
  },
];

/** Every built-in rule matches within a short reach of its keyword. */
export const BUILTIN_RULES: readonly ContentRule[] = RULES;
