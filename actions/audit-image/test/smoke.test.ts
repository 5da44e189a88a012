import { describe, expect, it } from 'vitest';
import { ociArchive } from './archive-builder';
import { runAudit } from './helpers';
import { tokens } from './tokens';

describe('smoke', () => {
  it('finds a deleted secret', async () => {
    const token = tokens.githubPat();
    const archive = await ociArchive([
      {
        layers: [
          { items: [{ path: 'app/', type: 'directory' }, { path: 'app/.env', content: `GITHUB_TOKEN=${token}\n` }], createdBy: 'COPY . /app' },
          { items: [{ path: 'app/.wh..env' }], createdBy: 'RUN rm /app/.env' },
        ],
        env: [`API_TOKEN=${tokens.password()}`],
      },
    ]);
    const run = await runAudit(archive);
    console.log(run.runner.logs.join('\n'), run.runner.failed, run.runner.summary.join(''));
    expect(run.everything).not.toContain(token);
  });
});
