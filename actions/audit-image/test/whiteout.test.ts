import { describe, expect, it } from 'vitest';
import type { LayerIndex } from '../src/layer';
import { pathSetOf } from '../src/path-set';
import { fileState } from '../src/whiteout';
import { ociArchive } from './archive-builder';
import { runAudit } from './helpers';
import { tokens } from './tokens';

function layer(changes: { add?: string[]; dirs?: string[]; whiteouts?: string[]; opaque?: string[] }): LayerIndex {
  return {
    entries: pathSetOf([...(changes.add ?? []), ...(changes.dirs ?? [])]),
    nonDirectories: pathSetOf(changes.add ?? []),
    whiteouts: pathSetOf(changes.whiteouts ?? []),
    opaqueDirs: pathSetOf(changes.opaque ?? []),
  };
}

describe('fileState applies later layers in order', () => {
  const base = layer({ add: ['app/config/.env'], dirs: ['app', 'app/config'] });
  it.each([
    ['nothing later', [], { present: true }],
    ['an unrelated change', [layer({ add: ['app/other'] })], { present: true }],
    ['a whiteout of the file', [layer({ whiteouts: ['app/config/.env'] })], { present: false, by: 1, how: 'deleted' }],
    ['a whiteout of a parent', [layer({ whiteouts: ['app'] })], { present: false, by: 1, how: 'deleted' }],
    [
      'an opaque parent directory',
      [layer({ opaque: ['app/config'], dirs: ['app/config'] })],
      { present: false, by: 1, how: 'hidden' },
    ],
    ['an opaque sibling directory', [layer({ opaque: ['app/other'] })], { present: true }],
    ['the file written again', [layer({ add: ['app/config/.env'] })], { present: false, by: 1, how: 'overwritten' }],
    ['a parent replaced by a file', [layer({ add: ['app/config'] })], { present: false, by: 1, how: 'overwritten' }],
    ['a parent directory re-declared', [layer({ dirs: ['app/config'] })], { present: true }],
    [
      'a missing (foreign) layer, then a deletion',
      [undefined, layer({ whiteouts: ['app/config/.env'] })],
      { present: false, by: 2, how: 'deleted' },
    ],
    ['a prefix that is not a parent', [layer({ whiteouts: ['app/conf'] })], { present: true }],
  ])('%s', (_name, later, expected) => {
    expect(fileState('app/config/.env', 0, [base, ...later])).toEqual(expected);
  });

  it('lets the earliest later layer decide', () => {
    expect(
      fileState('a/b', 0, [layer({ add: ['a/b'] }), layer({ add: ['a/b'] }), layer({ whiteouts: ['a/b'] })]),
    ).toEqual({
      present: false,
      by: 1,
      how: 'overwritten',
    });
  });
});

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
    const states = run.findings.map((f) =>
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
    const keptPrints = new Set(run.findings.filter((f) => f.path === 'etc/app/kept.env').map((f) => f.fingerprint));
    expect(keptPrints.size).toBe(1);
    expect(run.runner.summary.join('')).toContain('removed but recoverable');
  });
});
