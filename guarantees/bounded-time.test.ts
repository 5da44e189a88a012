import type { SSMClient } from '@aws-sdk/client-ssm';
import { createFakeClock, DEFAULT_RETRY_POLICY, parseStatusList, SecretRegistry, UpstreamError } from '@keyturn/core';
import { parseTarget } from '@keyturn/core/adapters/destinations';
import { FlySecretsDestination } from '@keyturn/core/adapters/fly';
import { createGitHubClient } from '@keyturn/core/adapters/github-client';
import { GitHubSecretsDestination } from '@keyturn/core/adapters/github-secrets';
import { HerokuConfigDestination } from '@keyturn/core/adapters/heroku';
import { createHttpVerifier } from '@keyturn/core/adapters/http-verifier';
import { InfisicalStore } from '@keyturn/core/adapters/infisical';
import { createSecretsManagerClient, SecretsManagerStore } from '@keyturn/core/adapters/secrets-manager';
import { createSsmClient, SsmStore } from '@keyturn/core/adapters/ssm';
import {
  type Emulator,
  type Fault,
  startFly,
  startGitHub,
  startHeroku,
  startInfisical,
  startSecretsManager,
  startSsm,
  useEmulatorAwsCredentials,
} from '@keyturn/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { printFigure } from './figure';

/**
 * Guarantee 8, "every wait has an end": for every service keyturn talks to
 * and every way a service can fail to finish (never answering, trickling a
 * byte at a time, paginating forever or in a cycle), the operation fails
 * with an UpstreamError within its stated limit: the per-request deadline
 * times the bounded attempts, plus the retry policy's waits (on the fake
 * clock: no test sleeps for real). Adding a service is one row.
 */
const REQUEST_DEADLINE_MS = 250;
const TRICKLE_MS = 40;

interface World {
  emulator: Emulator;
  /** Runs the operation under test; it must reject. */
  operation(): Promise<unknown>;
  close(): Promise<void>;
}

type Fake = ReturnType<typeof createFakeClock>;
const silent = new SecretRegistry({ setSecret: () => {} });

const SERVICES: Record<string, (fake: Fake) => Promise<World>> = {
  GitHub: async (fake) => {
    const github = await startGitHub({ now: fake.clock.now });
    github.addToken('kt-token', { login: 'rotator' });
    github.addRepo('acme/api');
    const client = createGitHubClient({
      token: 'kt-token',
      baseUrl: github.url,
      clock: fake.clock,
      sleep: fake.sleep,
      random: () => 0,
      writePace: false,
      requestTimeoutMs: REQUEST_DEADLINE_MS,
    });
    const destination = new GitHubSecretsDestination(client, { notice: () => {} });
    return {
      emulator: github.emulator,
      operation: () => destination.prepare(parseTarget('github:acme/api/API_TOKEN')),
      close: () => github.close(),
    };
  },
  'GitHub (org secret, selected repositories)': async (fake) => {
    const github = await startGitHub({ now: fake.clock.now });
    github.addToken('kt-token', { login: 'rotator' });
    github.addOrg('acme');
    github.addRepo('acme/api');
    github.seedOrgSecret('acme', 'actions', 'API_TOKEN', 'kt-old', 'selected', ['acme/api']);
    const client = createGitHubClient({
      token: 'kt-token',
      baseUrl: github.url,
      clock: fake.clock,
      sleep: fake.sleep,
      random: () => 0,
      writePace: false,
      requestTimeoutMs: REQUEST_DEADLINE_MS,
    });
    const destination = new GitHubSecretsDestination(client, { notice: () => {} });
    const target = parseTarget('github-org:acme/API_TOKEN');
    return {
      emulator: github.emulator,
      operation: async () => {
        await destination.write(target, 'kt-value');
        await destination.write(target, 'kt-value-2');
      },
      close: () => github.close(),
    };
  },
  Heroku: async (fake) => {
    const heroku = await startHeroku();
    heroku.addApiKey('kt-key');
    heroku.addApp('acme-api', { A: 'x'.repeat(64) });
    const destination = new HerokuConfigDestination({
      apiKey: 'kt-key',
      baseUrl: heroku.url,
      clock: fake.clock,
      sleep: fake.sleep,
      random: () => 0,
      timeoutMs: REQUEST_DEADLINE_MS,
    });
    return {
      emulator: heroku.emulator,
      operation: () => destination.prepare(parseTarget('heroku:acme-api/API_TOKEN')),
      close: () => heroku.close(),
    };
  },
  'AWS SSM': async (fake) => {
    const restore = useEmulatorAwsCredentials();
    const ssm = await startSsm({ now: fake.clock.now });
    ssm.seed('/app/token', 'kt-value');
    const client: SSMClient = createSsmClient({
      region: 'eu-west-1',
      endpoint: ssm.url,
      requestTimeoutMs: REQUEST_DEADLINE_MS,
    });
    const store = new SsmStore({ client, secrets: silent, clock: fake.clock, sleep: fake.sleep, random: () => 0 });
    return {
      emulator: ssm.emulator,
      operation: () => store.head('/app/token'),
      close: async () => {
        client.destroy();
        await ssm.close();
        restore();
      },
    };
  },
  'AWS Secrets Manager': async (fake) => {
    const restore = useEmulatorAwsCredentials();
    const sm = await startSecretsManager({ now: fake.clock.now });
    sm.seed('app/token', 'kt-value');
    const client = createSecretsManagerClient({
      region: 'eu-west-1',
      endpoint: sm.url,
      requestTimeoutMs: REQUEST_DEADLINE_MS,
    });
    const store = new SecretsManagerStore({
      client,
      secrets: silent,
      clock: fake.clock,
      sleep: fake.sleep,
      random: () => 0,
    });
    return {
      emulator: sm.emulator,
      operation: () => store.head('app/token'),
      close: async () => {
        client.destroy();
        await sm.close();
        restore();
      },
    };
  },
  'Fly.io': async (fake) => {
    const fly = await startFly({ now: fake.clock.now });
    fly.addToken('kt-fly', ['acme-web']);
    fly.addApp('acme-web', { A: 'x' });
    const destination = new FlySecretsDestination({
      token: 'kt-fly',
      baseUrl: fly.url,
      clock: fake.clock,
      sleep: fake.sleep,
      random: () => 0,
      timeoutMs: REQUEST_DEADLINE_MS,
    });
    return {
      emulator: fly.emulator,
      operation: () => destination.write(parseTarget('fly:acme-web/API_TOKEN'), 'kt-value'),
      close: () => fly.close(),
    };
  },
  Infisical: async (fake) => {
    const infisical = await startInfisical({ tokens: ['kt-access'], projects: { p: ['prod'] }, now: fake.clock.now });
    infisical.seed({ projectId: 'p', environment: 'prod', key: 'API_TOKEN' }, 'kt-value');
    const store = new InfisicalStore({
      siteUrl: infisical.url,
      auth: { accessToken: 'kt-access' },
      location: { projectId: 'p', environment: 'prod', secretPath: '/' },
      secrets: silent,
      clock: fake.clock,
      sleep: fake.sleep,
      random: () => 0,
      timeoutMs: REQUEST_DEADLINE_MS,
    });
    return { emulator: infisical.emulator, operation: () => store.head('API_TOKEN'), close: () => infisical.close() };
  },
  'verify (HTTP check)': async (fake) => {
    const heroku = await startHeroku();
    const verifier = createHttpVerifier(
      {
        url: new URL(`${heroku.url}/apps/x/config-vars`),
        method: 'GET',
        auth: { kind: 'bearer' },
        expect: parseStatusList('2xx'),
        withinMs: 60_000,
        intervalMs: 10_000,
        timeoutMs: REQUEST_DEADLINE_MS,
      },
      { fetch, clock: fake.clock, sleep: fake.sleep },
    );
    return {
      emulator: heroku.emulator,
      operation: async () => {
        const result = await verifier.check('kt-token');
        if (!result.ok) throw new UpstreamError(result.reason ?? 'failed', { service: 'verify', retryable: false });
        return result;
      },
      close: () => heroku.close(),
    };
  },
};

/** A huge valid body, so a trickle outlasts every deadline. */
const PADDING = { padding: 'x'.repeat(4_000) };

const MODES: Record<string, { fault: Fault; services?: string[]; except?: string[]; maxRequests?: number }> = {
  'never answers': { fault: { hang: true } },
  // verify never reads a body: its status line is the whole answer.
  'trickles a byte at a time': {
    fault: { status: 200, body: PADDING, trickleMs: TRICKLE_MS },
    except: ['verify (HTTP check)'],
  },
  // A cursor the service gave before ends the read at the second page.
  'a NextToken cycle': {
    services: ['AWS SSM', 'AWS Secrets Manager'],
    maxRequests: 2,
    fault: { transform: (body) => ({ ...(body as object), NextToken: Buffer.from('page:0').toString('base64') }) },
  },
  'full pages forever': {
    services: ['GitHub (org secret, selected repositories)'],
    fault: {
      path: /\/repositories$/,
      transform: (() => {
        let next = 1_000;
        return () => ({
          total_count: 1_000_000,
          repositories: Array.from({ length: 100 }, () => ({ id: next++, name: 'r', full_name: 'acme/r' })),
        });
      })(),
    },
  },
};

const outcomes: { row: string; realMs: number; fakeMs: number; requests: number }[] = [];

afterAll(() => {
  const longest = Math.max(...outcomes.map((outcome) => outcome.realMs));
  const requests = Math.max(...outcomes.map((outcome) => outcome.requests));
  printFigure(
    `bounded time: ${outcomes.length} scenarios (${Object.keys(SERVICES).length} services × hang, trickle, endless pages), ` +
      `all ended: longest ${longest} ms real, at most ${requests} requests, 0 hung`,
  );
});

describe('every wait has an end', () => {
  for (const [service, start] of Object.entries(SERVICES)) {
    for (const [mode, { fault, services, except, maxRequests }] of Object.entries(MODES)) {
      if ((services && !services.includes(service)) || except?.includes(service)) continue;
      it(`${service}: ${mode}`, async () => {
        const fake = createFakeClock();
        const world = await start(fake);
        try {
          world.emulator.injectFault({ ...fault });
          const began = Date.now();
          const error = await world.operation().then(
            () => undefined,
            (caught: unknown) => caught,
          );
          const realMs = Date.now() - began;
          expect(error, 'the operation must fail, not succeed or hang').toBeInstanceOf(UpstreamError);
          const requests = world.emulator.requests.length;
          // The stated limit: each attempt within its deadline, at most
          // maxAttempts of them (per page), the waits within totalTimeMs.
          expect(requests).toBeLessThanOrEqual(maxRequests ?? DEFAULT_RETRY_POLICY.maxAttempts * 101);
          expect(realMs).toBeLessThan(DEFAULT_RETRY_POLICY.maxAttempts * (REQUEST_DEADLINE_MS + 500) + 5_000);
          const fakeMs = fake.sleeps.reduce((sum, ms) => sum + ms, 0);
          expect(fakeMs).toBeLessThanOrEqual(Math.max(DEFAULT_RETRY_POLICY.totalTimeMs, 60_000 * 6));
          outcomes.push({ row: `${service}: ${mode}`, realMs, fakeMs, requests });
        } finally {
          await world.close();
        }
      });
    }
  }
});
