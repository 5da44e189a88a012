import { describe, expect, it } from 'vitest';
import { fileState } from '../src/model/whiteout';
import type { LayerIndex } from '../src/read/layer';
import { pathSetOf } from '../src/read/path-set';

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
