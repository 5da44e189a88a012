import { type GitHubEmulator, type HerokuEmulator, startFly, startGitHub, startHeroku } from '@keyturn/testkit';
import type { DestinationId } from '../../src/adapters/destinations';
import { FlySecretsDestination } from '../../src/adapters/fly';
import { createGitHubClient } from '../../src/adapters/github-client';
import { GitHubSecretsDestination } from '../../src/adapters/github-secrets';
import { HerokuConfigDestination } from '../../src/adapters/heroku';
import { createFakeClock } from '../../src/clock';
import { type DestinationHarness, destinationContract } from './destination-contract';

/** One harness per registered destination module: a module without one does not compile. */
const HARNESSES: Record<DestinationId, () => Promise<DestinationHarness>> = {
  async github() {
    const fake = createFakeClock();
    const github: GitHubEmulator = await startGitHub({ now: fake.clock.now });
    const token = 'ghp_contract000000000000000000000000000';
    github.addToken(token, { login: 'rotator' });
    github.addRepo('acme/api', { environments: ['production'] });
    const client = createGitHubClient({
      token,
      baseUrl: github.url,
      clock: fake.clock,
      sleep: fake.sleep,
      random: () => 0,
      writePace: false,
    });
    return {
      destination: new GitHubSecretsDestination(client),
      lines: ['github:acme/api/API_TOKEN', 'github:acme/api@production/API_TOKEN'],
      missing: 'github:acme/nowhere/API_TOKEN',
      missingPlace: 'acme/nowhere',
      badName: 'github:acme/api/GITHUB_TOKEN',
      held: (line) =>
        line.includes('@')
          ? github.environmentSecret('acme/api', 'production', 'API_TOKEN')?.value
          : github.repoSecret('acme/api', 'API_TOKEN')?.value,
      writes: () => github.mutatingRequests().length,
      requests: () => github.requests.length,
      violations: () => github.violations,
      absentDeleteSends: 1,
      close: () => github.close(),
    };
  },

  async heroku() {
    const fake = createFakeClock();
    const heroku: HerokuEmulator = await startHeroku();
    const apiKey = 'heroku-key-contract-0000-4000-8000-000000000001';
    heroku.addApiKey(apiKey);
    heroku.addApp('acme-api', { DATABASE_URL: 'kt-contract-neighbour' });
    return {
      destination: new HerokuConfigDestination({
        apiKey,
        baseUrl: heroku.url,
        clock: fake.clock,
        sleep: fake.sleep,
        random: () => 0,
      }),
      lines: ['heroku:acme-api/API_TOKEN', 'heroku:acme-api/OTHER_TOKEN'],
      missing: 'heroku:no-such-app/API_TOKEN',
      missingPlace: 'no-such-app',
      badName: 'heroku:acme-api/API-TOKEN',
      held: (line) => heroku.configVars('acme-api')?.[line.split('/')[1] ?? ''],
      writes: () => heroku.emulator.mutatingRequests().length,
      requests: () => heroku.emulator.requests.length,
      absentDeleteSends: 0,
      close: () => heroku.close(),
    };
  },

  async fly() {
    const fake = createFakeClock();
    const fly = await startFly({ now: fake.clock.now });
    const token = 'fly-contract-token-0000000000000000';
    fly.addToken(token, ['acme-api']);
    fly.addApp('acme-api', { DATABASE_URL: 'kt-contract-neighbour' });
    return {
      destination: new FlySecretsDestination({
        token,
        baseUrl: fly.url,
        clock: fake.clock,
        sleep: fake.sleep,
        random: () => 0,
      }),
      lines: ['fly:acme-api/API_TOKEN', 'fly:acme-api/OTHER_TOKEN'],
      missing: 'fly:no-such-app/API_TOKEN',
      missingPlace: 'no-such-app',
      badName: 'fly:acme-api/API-TOKEN',
      held: (line) => fly.secretValue('acme-api', line.split('/')[1] ?? ''),
      writes: () => fly.writes().length,
      requests: () => fly.emulator.requests.length,
      absentDeleteSends: 0,
      close: () => fly.close(),
    };
  },
};

for (const [id, start] of Object.entries(HARNESSES)) destinationContract(id, start);
