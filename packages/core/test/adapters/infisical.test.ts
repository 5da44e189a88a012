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
    expect(infisical.valueWrites().map((request) => request.method)).toEqual(['POST', 'PATCH']);
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
    const reads = infisical.emulator.requests
      .filter((request) => request.method === 'GET' && request.query.get('secretPath') === location.secretPath)
      .slice(-3);
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
    expect(infisical.valueWrites()).toHaveLength(1);
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
    // Both creates: the rotation marker's (recognised by its nonce) and the value's.
    infisical.applyThenLoseAnswer('POST', 2);
    expect(await store({ timeoutMs: 200 }).write('K', 'first-value')).toEqual({ version: '1' });
    expect(infisical.find({ ...location, key: 'K' })?.versions.map((entry) => entry.value)).toEqual(['first-value']);
    expect(infisical.valueWrites().map((request) => request.method)).toEqual(['POST']);
  });

  it('a retry after a lost answer still writes when the value did not land', async () => {
    await store().write('K', 'v1-value');
    infisical.emulator.injectFault({ method: 'PATCH', hang: true, times: 1 });
    expect(await store({ timeoutMs: 200 }).write('K', 'v2-value')).toEqual({ version: '2', previousVersion: '1' });
    expect(infisical.valueWrites().map((request) => request.method)).toEqual(['POST', 'PATCH', 'PATCH']);
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

describe('the rotation marker (KEYTURN_ROTATION__KEY in keyturn-rotations)', () => {
  const markerOf = (key: string) =>
    infisical.find({ ...location, secretPath: '/app/keyturn-rotations', key: `KEYTURN_ROTATION__${key}` });

  it('is created before the value, marks the write unfinished until settle, and holds no secret', async () => {
    infisical.seed({ ...location, key: 'K' }, 'old-value');
    const infisicalStore = store({ runId: 'https://github.com/acme/infra/actions/runs/7' });
    expect(await infisicalStore.write('K', 'new-value', { pending: true })).toEqual({
      version: '2',
      previousVersion: '1',
    });
    const writes = infisical.secretWrites().map((request) => `${request.method} ${request.path}`);
    expect(writes).toEqual([
      'POST /api/v3/secrets/raw/KEYTURN_ROTATION__K', // the marker folder is missing: 404
      'POST /api/v1/folders',
      'POST /api/v3/secrets/raw/KEYTURN_ROTATION__K',
      'PATCH /api/v3/secrets/raw/K',
    ]);
    const marker = JSON.parse(markerOf('K')?.versions.at(-1)?.value ?? '{}');
    expect(marker).toMatchObject({ from: 1, resume: true, run: 'https://github.com/acme/infra/actions/runs/7' });
    expect(JSON.stringify(marker)).not.toContain('new-value');
    expect(await infisicalStore.head('K')).toEqual({ version: '2', updatedAt: fake.clock.now(), pending: true });
    await infisicalStore.settle('K', '2');
    expect(markerOf('K')).toBeUndefined();
    expect(await infisicalStore.head('K')).toEqual({ version: '2', updatedAt: fake.clock.now() });
    await infisicalStore.settle('K', '2'); // already settled: converges
  });

  it('a single write (rotate-ssm) deletes its marker at once', async () => {
    await store().write('K', 'one-value');
    expect(markerOf('K')).toBeUndefined();
    expect(await store().head('K')).toEqual({ version: '1', updatedAt: fake.clock.now() });
  });

  it('while unfinished, previous() is the version the rotation started from, and rollback ends it', async () => {
    infisical.seed({ ...location, key: 'K' }, 'first-value');
    await store().write('K', 'second-value', { pending: true });
    // Another writer outside keyturn adds a version: current-1 is no longer the one replaced.
    infisical.seed({ ...location, key: 'K' }, 'second-value');
    expect(await store().previous('K')).toMatchObject({ version: '1' });
    expect(await store().readPrevious('K')).toMatchObject({ value: 'first-value', version: '1' });
    expect(await store().rollback('K')).toMatchObject({ value: 'first-value', restoredVersion: '1' });
    expect(markerOf('K')).toBeUndefined();
    expect(await store().head('K')).not.toHaveProperty('pending');
  });

  it('of two writes started together exactly one writes; the other writes nothing and names the run', async () => {
    infisical.seed({ ...location, key: 'K' }, 'old-value');
    infisical.emulator.injectFault({ method: 'POST', path: '/api/v3/secrets/raw/:name', gather: 2, times: 2 });
    infisical.addFolder({ ...location, secretPath: '/app/keyturn-rotations' });
    const results = await Promise.allSettled([
      store({ runId: 'run-A' }).write('K', 'value-from-a', { pending: true }),
      store({ runId: 'run-B' }).write('K', 'value-from-b', { pending: true }),
    ]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(CheckFailedError);
    expect(String(lost[0]?.reason.message)).toMatch(
      /another rotation of Infisical secret K is in flight \(run run-[AB], since/,
    );
    expect(String(lost[0]?.reason.message)).toContain('wrote nothing');
    expect(infisical.valueWrites().map((request) => request.method)).toEqual(['PATCH']);
    expect(infisical.find({ ...location, key: 'K' })?.versions).toHaveLength(2);
  });

  it("two creates at the same moment (the unique index's 500) end the same way, after one retry", async () => {
    infisical.seed({ ...location, key: 'K' }, 'old-value');
    await store({ runId: 'run-A' }).write('K', 'value-from-a', { pending: true });
    infisical.createRaceAnswers500();
    const error = await failure(store({ runId: 'run-B' }).write('K', 'value-from-b'));
    expect(error.message).toMatch(
      /version 2 of Infisical secret K was stored by a rotation that has not finished \(run run-A/,
    );
    expect(fake.sleeps).toHaveLength(1);
  });

  it("a crashed run's marker: unfinished is resumed, a write that never happened is taken over once stale", async () => {
    infisical.seed({ ...location, key: 'K' }, 'old-value');
    // The run died (its runner gone) after its marker, before its value write.
    const dead = { from: 1, resume: true, run: 'run-dead', nonce: 'n-dead', at: '2026-03-01T00:00:00.000Z' };
    infisical.seed(
      { ...location, secretPath: '/app/keyturn-rotations', key: 'KEYTURN_ROTATION__K' },
      JSON.stringify(dead),
    );
    expect(await store().head('K'), 'the write never happened: not unfinished').not.toHaveProperty('pending');
    const blocked = await failure(store({ runId: 'run-next' }).write('K', 'too-soon'));
    expect(blocked.message).toMatch(/in flight \(run run-dead.*taken over by the first run after 2026-03-01T00:15:00/);
    fake.advance(15 * 60_000);
    expect(await store({ runId: 'run-next' }).write('K', 'taken-over', { pending: true })).toEqual({
      version: '2',
      previousVersion: '1',
    });
    expect(JSON.parse(markerOf('K')?.versions.at(-1)?.value ?? '{}')).toMatchObject({ run: 'run-next', from: 1 });
  });

  it.each([
    ['refused (403)', { status: 403 }],
    ['unanswered, and not applied (a re-read tells)', { hang: true }],
  ])('a value write %s deletes the marker, so nothing is left to block the next run', async (_name, fault) => {
    infisical.seed({ ...location, key: 'K' }, 'old-value');
    infisical.emulator.injectFault({ method: 'PATCH', ...fault });
    const policy = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, totalTimeMs: 10_000 };
    await failure(store({ timeoutMs: 200, retry: policy }).write('K', 'not-stored', { pending: true }));
    expect(markerOf('K')).toBeUndefined();
    infisical.emulator.clearFaults();
    expect(await store().write('K', 'next-value', { pending: true })).toMatchObject({ version: '2' });
  });

  it('a 2xx without the secret is an UpstreamError naming Infisical, and the marker goes', async () => {
    infisical.seed({ ...location, key: 'K' }, 'old-value');
    infisical.emulator.injectFault({ method: 'PATCH', status: 200, body: { message: 'ok' } });
    const error = await failure(store().write('K', 'not-stored', { pending: true }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toMatch(/writing K: Infisical answered 2xx without the secret/);
    expect(markerOf('K')).toBeUndefined();
  });

  it('a single write whose marker cannot be deleted says the value is stored; the next write takes it over', async () => {
    infisical.seed({ ...location, key: 'K' }, 'old-value');
    infisical.emulator.injectFault({ method: 'DELETE', status: 403, times: 1 });
    const error = await failure(store().write('K', 'stored-value'));
    expect(error.message).toMatch(/version 2 of Infisical secret K is stored and current; only its rotation marker/);
    expect(markerOf('K')).toBeDefined();
    expect(await store().head('K'), 'a single write is never resumed').not.toHaveProperty('pending');
    expect(await store().write('K', 'later-value')).toEqual({ version: '3', previousVersion: '2' });
    expect(markerOf('K')).toBeUndefined();
  });

  it('heads() lists each folder once, agrees with head(), and reads alone what the list lacks', async () => {
    infisical.seed({ ...location, key: 'A' }, 'a-value');
    infisical.seed({ ...location, key: 'B' }, 'b-value');
    await store().write('B', 'b-new-value', { pending: true });
    const before = infisical.emulator.requests.length;
    const heads = await store().heads(['A', 'B', 'MISSING']);
    const asked = infisical.emulator.requests
      .slice(before)
      .filter((request) => request.path !== '/api/v1/auth/universal-auth/login');
    expect(asked.map((request) => `${request.path} ${request.query.get('secretPath')}`)).toEqual([
      '/api/v3/secrets/raw /app',
      '/api/v3/secrets/raw /app/keyturn-rotations',
      '/api/v3/secrets/raw/MISSING /app',
      '/api/v3/secrets/raw/KEYTURN_ROTATION__MISSING /app/keyturn-rotations',
    ]);
    expect(asked[0]?.query.get('viewSecretValue')).toBe('false');
    expect(heads.get('A')).toEqual(await store().head('A'));
    expect(heads.get('B')).toEqual(await store().head('B'));
    expect(heads.get('B')).toMatchObject({ pending: true });
    expect(heads.get('MISSING')).toBeUndefined();
    expect(heads.has('MISSING')).toBe(true);
  });
});

describe('infisicalKeyProblem', () => {
  it('accepts usual keys and refuses spaces and slashes', () => {
    expect(infisicalKeyProblem('DB_PASSWORD')).toBeUndefined();
    expect(infisicalKeyProblem('db.password-2')).toBeUndefined();
    expect(infisicalKeyProblem('A B')).toContain('whitespace');
    expect(infisicalKeyProblem('a/b')).toContain('slash');
    expect(infisicalKeyProblem('K'.repeat(482))).toBeUndefined();
    expect(infisicalKeyProblem('K'.repeat(483))).toMatch(/longer than 482 .*KEYTURN_ROTATION__KEY adds 18/);
  });
});
