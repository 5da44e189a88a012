import { ociArchive, tokens } from '@keyturn/image-audit/testing';
import { describe, expect, it } from 'vitest';
import { places, runAudit } from './helpers';

describe('present or removed, in a real image', () => {
  it('tells a file an opaque whiteout hid from one the same layer re-added', async () => {
    const [hidden, kept, rewritten, replaced] = [
      tokens.githubPat(),
      tokens.githubPat(),
      tokens.githubPat(),
      tokens.githubPat(),
    ];
    const archive = await ociArchive([
      {
        layers: [
          {
            items: [
              { path: 'etc/app/', type: 'directory' },
              { path: 'etc/app/old.env', content: `T=${hidden}\n` },
              { path: 'etc/app/kept.env', content: `T=${kept}\n` },
              { path: 'srv/token.txt', content: `T=${rewritten}\n` },
            ],
            createdBy: 'COPY etc /etc',
          },
          {
            items: [
              { path: 'etc/app/', type: 'directory' },
              { path: 'etc/app/.wh..wh..opq' },
              { path: 'etc/app/kept.env', content: `T=${kept}\n` },
              { path: 'srv/token.txt', content: `T=${replaced}\n` },
            ],
            createdBy: 'RUN rm -rf /etc/app && mkdir /etc/app && …',
          },
        ],
      },
    ]);
    const run = await runAudit(archive);
    const states = places(run.findings).map((f) =>
      `${f.path} layer ${f.layer?.index} ${f.state} ${f.removedBy?.split(' (')[0] ?? ''}`.trim(),
    );
    expect(states.sort()).toEqual(
      [
        'etc/app/old.env layer 0 removed hidden by layer 1',
        'etc/app/kept.env layer 0 removed overwritten by layer 1',
        'etc/app/kept.env layer 1 present',
        'srv/token.txt layer 0 removed overwritten by layer 1',
        'srv/token.txt layer 1 present',
      ].sort(),
    );
    // The same secret in the same path is one fingerprint, whichever layer.
    const keptPrints = new Set(
      places(run.findings)
        .filter((f) => f.path === 'etc/app/kept.env')
        .map((f) => f.fingerprint),
    );
    expect(keptPrints.size).toBe(1);
    // One finding per secret: kept.env's token in two layers is one.
    expect(run.findings.filter((f) => f.path === 'etc/app/kept.env')).toHaveLength(1);
    expect(run.runner.summary.join('')).toContain('removed but recoverable');
  });
});
