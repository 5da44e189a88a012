import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { failure, type InfisicalEmulator, startInfisical } from '@keyturn/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfisicalStore, type InfisicalStoreOptions, infisicalKeyProblem } from '../../src/adapters/infisical';
import { createFakeClock } from '../../src/clock';
import { CheckFailedError, UpstreamError } from '../../src/errors';
import { SecretRegistry } from '../../src/secrets';

let infisical: InfisicalEmulator;
let fake: ReturnType<typeof createFakeClock>;
let secrets: SecretRegistry;
const location = { projectId: 'proj-1', environment: 'prod', secretPath: '/app' };

beforeEach(async () => {
  fake = createFakeClock(Date.parse('2026-03-01T00:00:00Z'));
  infisical = await startInfisical({
    clients: { 'machine-id': 'machine-secret-value' },
    tokens: ['static-access-token'],
    projects: { 'proj-1': ['dev', 'prod'] },
    now: () => fake.clock.now(),
  });
  infisical.addFolder(location);
  secrets = new SecretRegistry({ setSecret: () => {} });
});

afterEach(async () => {
  await infisical.close();
});

function store(extra: Partial<InfisicalStoreOptions> = {}): InfisicalStore {
  return new InfisicalStore({
    siteUrl: infisical.url,
    auth: { clientId: 'machine-id', clientSecret: 'machine-secret-value' },
    location,
    secrets,
    clock: fake.clock,
    sleep: fake.sleep,
    random: () => 0.5,
    timeoutMs: 2_000,
    ...extra,
  });
}

/** A URL on which nothing listens: a port just freed. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('InfisicalStore against the Infisical emulator', () => {
  it('creates on the first rotation, updates afterwards, and masks the access token', async () => {
    const infisicalStore = store();
    expect(await infisicalStore.read('API_KEY')).toBeUndefined();
    expect(await infisicalStore.write('API_KEY', 'value-one')).toEqual({ version: '1' });
    expect(await infisicalStore.write('API_KEY', 'value-two')).toEqual({ version: '2', previousVersion: '1' });
    expect(infisical.secretWrites().map((request) => request.method)).toEqual(['POST', 'PATCH']);
    expect(infisical.issuedTokens).toHaveLength(1);
    expect(secrets.isMasked(infisical.issuedTokens[0] ?? '')).toBe(true);
    const current = await infisicalStore.read('API_KEY');
    expect(current).toMatchObject({ value: 'value-two', version: '2', updatedAt: fake.clock.now() });
    expect(secrets.isMasked('value-two')).toBe(true);
  });

  it('uses an access token without logging in', async () => {
    const infisicalStore = store({ auth: { accessToken: 'static-access-token' } });
    await infisicalStore.write('K', 'v1-value');
    expect(infisical.issuedTokens).toEqual([]);
    expect(secrets.isMasked('static-access-token')).toBe(true);
  });

  it('rolls back by writing the prior version as a new one', async () => {
    const infisicalStore = store();
    await infisicalStore.write('K', 'first-value');
    await infisicalStore.write('K', 'second-value');
    expect(await infisicalStore.previous('K')).toMatchObject({ version: '1' });
    expect(await infisicalStore.head('K')).toEqual({ version: '2', updatedAt: fake.clock.now() });
    const reads = infisical.emulator.requests.filter((request) => request.method === 'GET').slice(-3);
    expect(reads.map((request) => request.query.get('viewSecretValue'))).toEqual(['false', 'false', 'false']);
    const rolled = await infisicalStore.rollback('K');
    expect(rolled).toMatchObject({ value: 'first-value', version: '3', previousVersion: '2', restoredVersion: '1' });
    expect(infisical.find({ ...location, key: 'K' })?.versions.map((entry) => entry.value)).toEqual([
      'first-value',
      'second-value',
      'first-value',
    ]);
  });

  it('refuses a rollback with a single version, before writing', async () => {
    await store().write('K', 'only-value');
    const error = await failure(store().rollback('K'));
    expect(error).toBeInstanceOf(CheckFailedError);
    expect(infisical.secretWrites()).toHaveLength(1);
  });

  it('retries 429 honouring Retry-After, with the injected sleep', async () => {
    infisical.emulator.injectFault({ method: 'GET', status: 429, headers: { 'retry-after': '3' }, times: 2 });
    expect(await store().write('K', 'v-value')).toEqual({ version: '1' });
    expect(fake.sleeps).toEqual([3_500, 3_500]);
  });

  it('retries a reset connection, and gives up within the limit when the service stays down', async () => {
    infisical.emulator.injectFault({ method: 'PATCH', reset: true, times: 1 });
    await store().write('K', 'v1-value');
    expect(await store().write('K', 'v2-value')).toEqual({ version: '2', previousVersion: '1' });
    const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, totalTimeMs: 10_000 };
    const down = store({ siteUrl: await closedPortUrl(), retry: policy });
    const error = await failure(down.read('K'));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(/no answer \(ECONNREFUSED\).*gave up after 3 attempts/);
  });

  it('an update applied but unanswered is not written twice, so previous() is the old value', async () => {
    await store().write('K', 'v1-value');
    infisical.applyThenLoseAnswer('PATCH');
    const lossy = store({ timeoutMs: 200 });
    expect(await lossy.write('K', 'v2-value')).toEqual({ version: '2', previousVersion: '1' });
    expect(infisical.find({ ...location, key: 'K' })?.versions.map((entry) => entry.value)).toEqual([
      'v1-value',
      'v2-value',
    ]);
    expect(await lossy.previous('K')).toMatchObject({ version: '1' });
    expect(await lossy.rollback('K')).toMatchObject({ value: 'v1-value', restoredVersion: '1' });
  });

  it('a create applied but unanswered succeeds on the retry instead of failing with "already exists"', async () => {
    infisical.applyThenLoseAnswer('POST');
    expect(await store({ timeoutMs: 200 }).write('K', 'first-value')).toEqual({ version: '1' });
    expect(infisical.find({ ...location, key: 'K' })?.versions.map((entry) => entry.value)).toEqual(['first-value']);
    expect(infisical.secretWrites().map((request) => request.method)).toEqual(['POST']);
  });

  it('a retry after a lost answer still writes when the value did not land', async () => {
    await store().write('K', 'v1-value');
    infisical.emulator.injectFault({ method: 'PATCH', hang: true, times: 1 });
    expect(await store({ timeoutMs: 200 }).write('K', 'v2-value')).toEqual({ version: '2', previousVersion: '1' });
    expect(infisical.secretWrites().map((request) => request.method)).toEqual(['POST', 'PATCH', 'PATCH']);
  });

  it('a 2xx that is not JSON is an UpstreamError naming Infisical, its body never shown', async () => {
    infisical.seed({ ...location, key: 'API_KEY' }, 'kt-canary-infisical-4e7b1d9a');
    // fetch's text() drops a BOM itself; a proxy's page is what reaches the parser.
    infisical.emulator.injectFault({
      method: 'GET',
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>kt-canary-infisical-4e7b1d9a</html>',
      times: 1,
    });
    const error = await store()
      .read('API_KEY')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(
      /^Infisical \(HTTP 200\): the answer to GET .* is not JSON: an HTML or XML page .*its body is not shown/,
    );
    expect(`${(error as Error).message}${(error as Error).stack}`).not.toContain('kt-canary-infisical');
  });

  it('stops a hanging request at the timeout', async () => {
    infisical.emulator.injectFault({ method: 'GET', hang: true, times: 1 });
    const policy = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, totalTimeMs: 1 };
    const error = await failure(store({ timeoutMs: 200, retry: policy }).read('K'));
    expect(error.message).toContain('no answer');
  });

  it('reports bad credentials and a missing project clearly, without retrying', async () => {
    const badLogin = await failure(store({ auth: { clientId: 'machine-id', clientSecret: 'wrong' } }).read('K'));
    expect(badLogin.message).toMatch(/HTTP 401.*Invalid credentials.*infisical-client-id/);
    const noProject = await failure(store({ location: { ...location, projectId: 'nope' } }).read('K'));
    expect(noProject.message).toContain("Project with ID 'nope' not found");
    expect(fake.sleeps).toEqual([]);
  });

  it('keeps versions per environment and path', async () => {
    await store().write('K', 'prod-value');
    infisical.addFolder({ ...location, environment: 'dev' });
    await store({ location: { ...location, environment: 'dev' } }).write('K', 'dev-value');
    expect(infisical.find({ ...location, key: 'K' })?.versions).toHaveLength(1);
    expect(infisical.find({ ...location, environment: 'dev', key: 'K' })?.versions[0]?.value).toBe('dev-value');
  });
});

describe('infisicalKeyProblem', () => {
  it('accepts usual keys and refuses spaces and slashes', () => {
    expect(infisicalKeyProblem('DB_PASSWORD')).toBeUndefined();
    expect(infisicalKeyProblem('db.password-2')).toBeUndefined();
    expect(infisicalKeyProblem('A B')).toContain('whitespace');
    expect(infisicalKeyProblem('a/b')).toContain('slash');
  });
});
