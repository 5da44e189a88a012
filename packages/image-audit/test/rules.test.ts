// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${TOKEN}` placeholders are the test data here
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../src/scan/rules/builtin';
import { Scanner } from '../src/scan/rules/engine';
import { isPlaceholder } from '../src/scan/rules/entropy';
import { randomFrom, tokens } from './tokens';

const scanner = new Scanner(BUILTIN_RULES);
const ruleIds = (text: string) => scanner.scan(text).map((d) => d.rule.id);
const secretsOf = (text: string, rule: string) =>
  scanner
    .scan(text)
    .filter((d) => d.rule.id === rule)
    .map((d) => d.secret);

/** Word-like placeholders real scanners' filters and docs use. Built from
 * parts so this file holds no token-shaped literal. */
const fakeish = (prefix: string, length: number) => prefix + 'x'.repeat(length);

interface Vectors {
  /** Text holding a secret, and the secret the rule must extract. */
  positive: () => [string, string][];
  /** Text the rule must not match. */
  negative: string[];
}

const pem = tokens.privateKeyPem();
const rsa = tokens.rsaPrivateKeyPem();

const VECTORS: Record<string, Vectors> = {
  'github-token': {
    positive: () => {
      const t = tokens.githubPat();
      const o = `gho_${randomFrom('abcdefABCDEF0123456789', 36)}`;
      return [
        [`GITHUB_TOKEN=${t}`, t],
        [`"token": "${o}"`, o],
      ];
    },
    negative: [
      fakeish('ghp_', 10),
      `${fakeish('ghp_', 36)}x`,
      'ghp_ is the prefix of a classic token',
      `xghp_${'a1'.repeat(18)}`,
      // @octokit/auth-token's README sample
      `createTokenAuth("${['ghp', 'PersonalAccessToken01245678900000000'].join('_')}")`,
    ],
  },
  'github-fine-grained-pat': {
    positive: () => {
      const t = tokens.githubFineGrained();
      return [[`export GH_PAT=${t}`, t]];
    },
    negative: ['github_pat_ tokens start like this', `github_pat_${'a'.repeat(22)}`],
  },
  'aws-access-key-id': {
    positive: () => {
      const t = tokens.awsAccessKeyId();
      return [[`aws_access_key_id = ${t}`, t]];
    },
    negative: [
      'AKIA',
      'AKIA1234',
      `AKIA${'A'.repeat(16)}B1`,
      'XAKIAIOSFODNN7EXAMPLEQ',
      `AccessKeyId: "${['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('')}"`,
    ],
  },
  'aws-secret-access-key': {
    positive: () => {
      const t = tokens.awsSecretAccessKey();
      return [
        [`aws_secret_access_key = ${t}`, t],
        [`AWS_SECRET_ACCESS_KEY="${t}"`, t],
      ];
    },
    negative: [
      'aws_secret_access_key = ${AWS_SECRET}',
      `aws_secret_access_key = ${'a'.repeat(40)}`,
      'aws_secret_access_key=',
    ],
  },
  'gcp-api-key': {
    positive: () => {
      const t = tokens.gcpApiKey();
      return [[`key=${t}&q=1`, t]];
    },
    negative: ['AIza', `AIza${'-'.repeat(10)}`],
  },
  'gcp-service-account-key': {
    positive: () => {
      const t = tokens.gcpPrivateKeyId();
      return [[`{"type": "service_account", "private_key_id": "${t}"}`, t]];
    },
    negative: ['"private_key_id": ""', '"private_key_id": "${KEY_ID}"'],
  },
  'azure-storage-account-key': {
    positive: () => {
      const t = tokens.azureStorageKey();
      return [[`DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${t};EndpointSuffix=core.windows.net`, t]];
    },
    negative: ['AccountKey=<your key>', 'AccountKey=${STORAGE_KEY}'],
  },
  'azure-sas-token': {
    positive: () => {
      const sig = encodeURIComponent(Buffer.from(tokens.hex(32), 'hex').toString('base64'));
      return [[`https://acme.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01&sig=${sig}`, sig]];
    },
    negative: ['https://example.com/?sig=abc', '?sv=2022-11-02&sig=short'],
  },
  'azure-ad-client-secret': {
    positive: () => {
      const t = tokens.azureClientSecret();
      return [[`AZURE_CLIENT_SECRET=${t}`, t]];
    },
    negative: ['Q~ alone', 'abc1Q~short'],
  },
  'slack-token': {
    positive: () => {
      const t = tokens.slackBot();
      return [[`SLACK_BOT_TOKEN=${t}`, t]];
    },
    negative: ['xoxb-', 'xoxb-not-a-token', 'the xoxp- prefix'],
  },
  'slack-webhook-url': {
    positive: () => {
      const url = tokens.slackWebhook();
      return [[`curl -X POST ${url}`, url.slice(url.indexOf('/services/') + 10)]];
    },
    negative: ['https://hooks.slack.com/services/', 'https://hooks.slack.com/services/T000/B000/x'],
  },
  'stripe-secret-key': {
    positive: () => {
      const t = tokens.stripeLive();
      return [[`STRIPE_KEY=${t}`, t]];
    },
    negative: ['sk_live_', `pk_live_${'a1'.repeat(20)}`, `sk_live_${'a'.repeat(10)}`],
  },
  'npm-access-token': {
    positive: () => {
      const t = tokens.npm();
      return [[`//registry.npmjs.org/:_authToken=${t}`, t]];
    },
    negative: ['npm_config_cache=/tmp', `npm_${'a'.repeat(20)}`, 'npm_package_version'],
  },
  'npmrc-auth': {
    positive: () => {
      const t = tokens.hex(16);
      return [[`//npm.acme.dev/:_authToken=${t}`, t]];
    },
    negative: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', '_authToken='],
  },
  'pypi-token': {
    positive: () => {
      const t = tokens.pypi();
      return [[`password = ${t}`, t]];
    },
    negative: ['pypi-AgEIcHlwaS5vcmc', 'pypi-token'],
  },
  'private-key': {
    positive: () => [
      [`key:\n${pem}`, pem.trimEnd()],
      [rsa, rsa.trimEnd()],
      [JSON.stringify({ private_key: pem }), JSON.stringify(pem).slice(1, -1).replace(/\\n$/, '')],
    ],
    negative: [
      "const HEADER = '-----BEGIN RSA PRIVATE KEY-----';",
      '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
      '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
    ],
  },
  jwt: {
    positive: () => {
      const t = tokens.jwt();
      return [[`Authorization: Bearer ${t}`, t]];
    },
    negative: ['eyJhbGciOi', `eyJ${'a'.repeat(12)}.eyJ${'b'.repeat(12)}.${'c'.repeat(20)}`],
  },
  'url-password': {
    positive: () => {
      const p = tokens.password().replace(/[#%^!*]/g, 'q');
      return [
        [`DATABASE_URL=postgres://app:${p}@db.internal:5432/app`, p],
        [`https://ci-bot:${p}@github.com`, p],
      ];
    },
    negative: [
      'postgres://app:${DB_PASSWORD}@db:5432/app',
      'https://user:password@example.com',
      'https://github.com/acme/repo',
      'http://[::1]:8080/',
      "new URL('https://abc:xyz@example.com')",
      'url.parse("https://anonymous:flabada@developer.mozilla.org")',
    ],
  },
  'docker-config-auth': {
    positive: () => {
      const auth = Buffer.from(`ci:${tokens.password()}`).toString('base64');
      return [[`{"auths":{"ghcr.io":{"auth":"${auth}"}}}`, auth]];
    },
    negative: [
      '{"auths":{"ghcr.io":{}},"credsStore":"desktop"}',
      `{"auth":"${Buffer.from('nocolon').toString('base64')}"}`,
    ],
  },
  'netrc-password': {
    positive: () => {
      const p = tokens.password();
      return [[`machine api.acme.dev login ci password ${p}`, p]];
    },
    negative: ['machine api.acme.dev login ci password changeme', 'machine learning is fun'],
  },
  'kubeconfig-credential': {
    positive: () => {
      const t = tokens.jwt().replace(/^eyJ/, 'k8s');
      return [[`users:\n- name: ci\n  user:\n    token: ${t}\n`, t]];
    },
    negative: ['    token: ""\n', '    token: ${K8S_TOKEN}\n'],
  },
  'generic-secret-assignment': {
    positive: () => {
      const p = `${tokens.password().replace(/[^A-Za-z0-9]/g, '')}7q`;
      const h = tokens.hex(20);
      // A 40-digit hex draw with many repeats (3.49 bits), once missed.
      const lowEntropyHex = ['97c9990a1283d666937721ab', '297c202931708ce8'].join('');
      return [
        [`DB_PASSWORD=${p}`, p],
        [`"client_secret": "${h}"`, h],
        [`"client_secret": "${lowEntropyHex}"`, lowEntropyHex],
      ];
    },
    negative: [
      'password = options.accessToken',
      'TOKEN_URL=https://auth.acme.dev/token',
      'const token = process.env.TOKEN',
      'PASSWORD=changeme123456789',
      'secret: aaaaaaaaaaaaaaaaaaaaaa',
      'api_key_file=/run/secrets/api_key',
      'const SESSION_TOKEN_QUERY_PARAM = "X-Amz-S3session-Token";',
      'tokenInput: CreateOAuth2TokenRequestBody | undefined;',
      'exports.CreateOAuth2TokenRequestFilterSensitiveLog = CreateOAuth2TokenRequestFilterSensitiveLog',
    ],
  },
};

describe('built-in rules', () => {
  it('every rule has vectors', () => {
    expect(Object.keys(VECTORS).sort()).toEqual(BUILTIN_RULES.map((rule) => rule.id).sort());
  });

  for (const rule of BUILTIN_RULES) {
    describe(rule.id, () => {
      const vectors = VECTORS[rule.id];
      if (rule.id === 'generic-secret-assignment') {
        it('finds every one of 2,000 random 32-digit and 40-digit hex secrets', () => {
          for (let i = 0; i < 2_000; i++) {
            const hex = tokens.hex(i % 2 === 0 ? 16 : 20);
            expect(secretsOf(`client_secret = "${hex}"`, rule.id), hex).toEqual([hex]);
          }
        });
        it('still ignores hex made of repeats', () => {
          const repeats = 'deadbeef'.repeat(4);
          expect(secretsOf(`client_secret = "${repeats}"`, rule.id)).toEqual([]);
        });
      }
      it('finds its secrets', () => {
        for (const [text, secret] of vectors?.positive() ?? []) {
          expect(secretsOf(text, rule.id), text).toEqual([secret]);
        }
      });
      it('ignores look-alikes', () => {
        for (const text of vectors?.negative ?? []) expect(secretsOf(text, rule.id), text).toEqual([]);
      });
      it('has keywords that occur in every positive vector (the prefilter)', () => {
        for (const [text] of vectors?.positive() ?? []) {
          expect(
            rule.keywords.some((keyword) => text.toLowerCase().includes(keyword)),
            text,
          ).toBe(true);
        }
      });
    });
  }

  it('runs no regex on text without a keyword', () => {
    expect(scanner.triggered('plain text with nothing interesting in it at all')).toEqual([]);
  });

  it('reports a secret once, by the most specific rule that matched it', () => {
    expect(ruleIds(`GITHUB_TOKEN=${tokens.githubPat()}`)).toEqual(['github-token']);
    expect(ruleIds(`//npm.acme.dev/:_authToken=${tokens.hex(16)}`)).toEqual(['npmrc-auth']);
    expect(ruleIds(`https://ci:${tokens.npm()}@npm.acme.dev`)).toEqual(['npm-access-token']);
  });

  it('ignores minified code that reads like an assignment', () => {
    expect(ruleIds('name==="async"&&this.lastTokEnd===e.end&&!this.canInsertSemicolon()')).toEqual([]);
  });

  it('knows placeholders', () => {
    for (const value of [
      '',
      '${TOKEN}',
      '$TOKEN',
      '{{ .Values.token }}',
      '<token>',
      'changeme',
      'xxxxxxxx',
      '********',
      'your-api-key',
    ])
      expect(isPlaceholder(value), value).toBe(true);
    expect(isPlaceholder(tokens.password())).toBe(false);
  });
});
