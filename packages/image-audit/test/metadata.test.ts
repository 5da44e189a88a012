// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${TOKEN}` placeholders are the test data here
import { describe, expect, it } from 'vitest';
import { buildArgsOf, declaredValuesOf, isSecretNamedValue, safeInstruction } from '../src/scan/metadata';
import { BUILTIN_RULES } from '../src/scan/rules/builtin';
import { Scanner } from '../src/scan/rules/engine';
import { tokens } from './tokens';

describe('history parsing', () => {
  it('reads the build args of a classic-builder and a BuildKit RUN', () => {
    expect(buildArgsOf('|2 NPM_TOKEN=abc123 NODE_ENV=production /bin/sh -c npm ci')).toEqual([
      ['NPM_TOKEN', 'abc123'],
      ['NODE_ENV', 'production'],
    ]);
    expect(
      buildArgsOf('RUN |1 PIP_INDEX_URL=https://u:p@pypi.acme.dev/simple /bin/sh -c pip install -r req.txt'),
    ).toEqual([['PIP_INDEX_URL', 'https://u:p@pypi.acme.dev/simple']]);
    expect(buildArgsOf('/bin/sh -c echo |2 not args')).toEqual([]);
  });

  it('reads ARG and ENV, from BuildKit and from #(nop) lines', () => {
    expect(declaredValuesOf('ARG DB_PASSWORD=hunter2hunter2')).toEqual([['DB_PASSWORD', 'hunter2hunter2']]);
    expect(declaredValuesOf('/bin/sh -c #(nop)  ENV A=1 B="two words"')).toEqual([
      ['A', '1'],
      ['B', 'two words'],
    ]);
    expect(declaredValuesOf('RUN echo hello')).toEqual([]);
  });

  it('judges key names and values', () => {
    for (const [key, value] of [
      ['DB_PASSWORD', 'hunter2hunter2'],
      ['build-arg:GH_TOKEN', 'abcdef123456'],
      ['SENTRY_AUTH', 'a1b2c3d4e5f6'],
    ])
      expect(isSecretNamedValue(key as string, value as string), key).toBe(true);
    for (const [key, value] of [
      ['GPG_KEY', 'A035C8C19219BA821ECEA86B64E628F8D684696D'], // python images: a public key id
      ['API_TOKEN', '${API_TOKEN}'],
      ['API_TOKEN', ''],
      ['DB_PASSWORD', 'changeme'],
      ['TOKEN_URL', 'https://auth.acme.dev/token'],
      ['SECRET_FILE', '/run/secrets/app'],
      ['AUTHOR', 'Jane Doe <jane@acme.dev>'],
      ['TOKENIZERS_PARALLELISM', 'false'],
      ['AWS_ACCESS_KEY_ID', 'AKIA'],
      ['PASSWORD_LENGTH', '32'],
    ])
      expect(isSecretNamedValue(key as string, value as string), `${key}=${value}`).toBe(false);
  });

  it('shows history instructions with secrets and secret-named values redacted', () => {
    const scanner = new Scanner(BUILTIN_RULES);
    const npm = tokens.npm();
    const shown = safeInstruction(
      `RUN |3 NPM_TOKEN=${npm} DB_PASSWORD=hunter2hunter2 NODE_ENV=production /bin/sh -c npm ci`,
      scanner,
    );
    expect(shown).toBe('RUN |3 NPM_TOKEN=‹redacted› DB_PASSWORD=‹redacted› NODE_ENV=production /bin/sh -c npm ci');
  });

  it.each([
    ['ENV DB_PASSWORD="correct horse battery staple"', 'correct horse battery staple'],
    ['/bin/sh -c #(nop)  ENV API_KEY="hunter2 plus"', 'hunter2 plus'],
    ["ARG DB_PASSWORD='s3cret pass'", 's3cret pass'],
    ['RUN |2 DB_PASS=Sup3rSecret! NODE_ENV=production /bin/sh -c make', 'Sup3rSecret!'],
  ])('never shows a quoted or short secret-named value: %s', (instruction, secret) => {
    const shown = safeInstruction(instruction, new Scanner(BUILTIN_RULES));
    expect(shown).not.toContain(secret);
    expect(shown).toContain('‹redacted›');
  });

  it.each(['BYPASS_CACHE', 'COMPASS_URL', 'PASSENGER_COUNT'])('does not take %s for a password', (name) => {
    expect(isSecretNamedValue(name, 'some-ordinary-value')).toBe(false);
  });
});
