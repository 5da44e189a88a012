import { describe, expect, it } from 'vitest';
import { parseOutputFile, withoutMaskCommands } from '../src/run-bundle';

describe('runner file formats', () => {
  it('parses plain and heredoc outputs', () => {
    const text = 'status=200\nreport<<ghadelimiter_1\n[{"a":1},\n{"b":2}]\nghadelimiter_1\nempty=\n';
    expect(parseOutputFile(text)).toEqual({ status: '200', report: '[{"a":1},\n{"b":2}]', empty: '' });
  });

  it('drops only add-mask commands', () => {
    expect(withoutMaskCommands('::add-mask::s3cret\nok\n::error::x')).toBe('ok\n::error::x');
  });
});
