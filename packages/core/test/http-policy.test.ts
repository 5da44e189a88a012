import { Emulator, startInfisical } from '@keyturn/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { InfisicalStore } from '../src/adapters/infisical';
import { createFakeClock } from '../src/clock';
import { UpstreamError } from '../src/errors';
import { credentialUrlProblem, policyFetch } from '../src/http-policy';
import { SecretRegistry } from '../src/secrets';

const CLIENT_SECRET = 'kt-client-secret-7d1e9b3a5c2f4086';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Another origin (another port) that records what reaches it. */
async function elsewhere(): Promise<Emulator> {
  const other = await Emulator.start({
    name: 'elsewhere',
    routes: [{ method: 'POST', path: '*', handler: () => ({ status: 200, body: { accessToken: 'x' } }) }],
  });
  closers.push(() => other.close());
  return other;
}

describe('the HTTP policy', () => {
  it('allows https anywhere and http only to this machine', () => {
    expect(credentialUrlProblem(new URL('https://api.heroku.com'))).toBeUndefined();
    for (const local of ['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:2', 'http://127.3.0.1']) {
      expect(credentialUrlProblem(new URL(local)), local).toBeUndefined();
    }
    for (const remote of ['http://api.example.com', 'http://10.0.0.1', 'http://127.0.0.1.nip.io', 'http://[::2]']) {
      expect(credentialUrlProblem(new URL(remote)), remote).toMatch(/clear text/);
    }
    expect(credentialUrlProblem(new URL('ftp://x'))).toBe('uses ftp:');
  });

  it('Infisical universal-auth login: a cross-origin 307 is refused and the client secret is not re-sent', async () => {
    const other = await elsewhere();
    const infisical = await startInfisical({ clients: { 'machine-id': CLIENT_SECRET }, projects: { p: ['prod'] } });
    closers.push(() => infisical.close());
    infisical.emulator.injectFault({
      method: 'POST',
      path: /universal-auth\/login/,
      status: 307,
      headers: { location: `${other.url}/api/v1/auth/universal-auth/login` },
    });
    const fake = createFakeClock();
    const store = new InfisicalStore({
      siteUrl: infisical.url,
      auth: { clientId: 'machine-id', clientSecret: CLIENT_SECRET },
      location: { projectId: 'p', environment: 'prod', secretPath: '/' },
      secrets: new SecretRegistry({ setSecret: () => {} }),
      clock: fake.clock,
      sleep: fake.sleep,
      timeoutMs: 2_000,
    });
    const error = await store.checkWritable().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toMatch(/307 redirecting to another origin .*does not follow it with credentials/);
    expect(other.requests).toEqual([]);
  });

  it('follows a same-origin redirect, keeping a 307 body, and stops at the deadline', async () => {
    const seen: string[] = [];
    const same = await Emulator.start({
      name: 'same',
      routes: [
        { method: 'POST', path: '/old', handler: () => ({ status: 307, headers: { location: '/new' } }) },
        {
          method: 'POST',
          path: '/new',
          handler: (request) => {
            seen.push(request.body);
            return { status: 200, body: { ok: true } };
          },
        },
      ],
    });
    closers.push(() => same.close());
    const send = policyFetch({ service: 'Test', timeoutMs: 2_000 });
    const response = await send(`${same.url}/old`, { method: 'POST', body: 'payload' });
    expect(response.status).toBe(200);
    expect(seen).toEqual(['payload']);

    same.injectFault({ path: '/new', hang: true });
    const hung = await policyFetch({ service: 'Test', timeoutMs: 100 })(`${same.url}/new`, { method: 'POST' }).catch(
      (caught: unknown) => caught,
    );
    expect((hung as Error).name).toBe('TimeoutError');
  });

  it('refuses to send to plain http on another host, before any connection', async () => {
    const error = await policyFetch({ service: 'GitHub', timeoutMs: 1_000 })('http://api.example.com/user').catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toMatch(/^GitHub: refused to send a request: http:\/\/api.example.com is http/);
  });
});
