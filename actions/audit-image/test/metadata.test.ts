// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${TOKEN}` placeholders are the test data here

import { ociArchive, tokens } from '@keyturn/image-audit/testing';
import { describe, expect, it } from 'vitest';
import { runAudit } from './helpers';

describe('config and history in an image', () => {
  it('reports secrets in Env, Labels, Entrypoint, Cmd, history and build args, and not placeholders', async () => {
    const [envToken, labelToken, cmdPassword, argToken, runToken] = [
      tokens.githubPat(),
      tokens.slackBot(),
      tokens.password().replace(/\W/g, 'x'),
      tokens.npm(),
      tokens.stripeLive(),
    ];
    const archive = await ociArchive([
      {
        emptyHistory: [
          'ARG NPM_TOKEN',
          'ARG DB_PASSWORD=hunter2hunter2',
          'ENV API_TOKEN=${API_TOKEN}',
          'ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
        ],
        layers: [
          {
            items: [{ path: 'app/index.js', content: 'console.log(1)\n' }],
            createdBy: `RUN |1 NPM_TOKEN=${argToken} /bin/sh -c npm ci`,
          },
          {
            items: [{ path: 'app/x', content: 'x' }],
            createdBy: `RUN /bin/sh -c curl -H "Authorization: Bearer ${runToken}" https://api.stripe.com`,
          },
        ],
        env: ['PATH=/usr/bin', `GITHUB_TOKEN=${envToken}`, 'API_TOKEN=', 'DB_PASSWORD=changeme'],
        labels: { 'com.acme.slack': labelToken, 'org.opencontainers.image.version': '1.2.3' },
        cmd: ['psql', `postgres://app:${cmdPassword}@db/app`],
      },
    ]);
    const run = await runAudit(archive);
    const seen = run.findings.map((f) => `${f.ruleId} ${f.path}`).sort();
    expect(seen).toEqual(
      [
        'github-token config:Env:GITHUB_TOKEN',
        'slack-token config:Labels:com.acme.slack',
        'url-password config:Cmd',
        'secret-named-value history:created_by:DB_PASSWORD',
        'npm-access-token history:created_by',
        'stripe-secret-key history:created_by',
      ].sort(),
    );
    const layerOne = run.findings.find((f) => f.ruleId === 'npm-access-token');
    expect(layerOne?.createdBy).toBe('RUN |1 NPM_TOKEN=‹redacted› /bin/sh -c npm ci');
    for (const secret of [envToken, labelToken, cmdPassword, argToken, runToken, 'hunter2hunter2'])
      expect(run.everything).not.toContain(secret);
  });
});
