import { describe, expect, it } from 'vitest';
import { columns, markdownToText, neutralizeControls, wrap } from '../src/output';
import { progressText } from '../src/terminal-runner';

describe('terminal output', () => {
  it('renders a summary table as aligned columns, escapes undone, markup dropped', () => {
    const markdown = [
      '### keyturn/propagate',
      '',
      '**2** updated',
      '',
      '| target | outcome | reason |',
      '| --- | --- | --- |',
      '| `github:a/b/X` | updated |  |',
      '| heroku:app/X | failed | a \\| b<br>c |',
    ].join('\n');
    expect(markdownToText(markdown)).toEqual([
      'keyturn/propagate',
      '',
      '2 updated',
      '',
      'target        outcome  reason',
      'github:a/b/X  updated',
      'heroku:app/X  failed   a | b / c',
    ]);
  });

  it('shows control characters from foreign text instead of sending them to the terminal', () => {
    expect(neutralizeControls('ok\u001b]0;pwned\u0007\tend\r')).toBe('ok\\x1b]0;pwned\\x07\tend');
    expect(neutralizeControls('line\nnext')).toBe('line\nnext');
  });

  it('words progress by its unit', () => {
    expect(progressText(37, 200, 'targets')).toBe('37/200 targets');
    expect(progressText(412 * 1_048_576, 1024 * 1_048_576, 'bytes')).toBe('412/1024 MiB (40%)');
  });

  it('wraps and aligns', () => {
    expect(wrap('one two three four', 9, 2)).toBe('one two\n  three\n  four');
    expect(
      columns([
        ['a', 'b'],
        ['ccc', 'd'],
      ]),
    ).toEqual(['a    b', 'ccc  d']);
  });
});
