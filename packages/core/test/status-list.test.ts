import { describe, expect, it } from 'vitest';
import { parseStatusList, StatusListSyntaxError } from '../src/status-list';

describe('status lists', () => {
  it('matches statuses and classes', () => {
    const list = parseStatusList('2xx, 304');
    expect([200, 204, 299, 304].every(list.matches)).toBe(true);
    expect([199, 300, 401].some(list.matches)).toBe(false);
    expect(list.text).toBe('2xx,304');
    expect(list.expectsRefusal).toBe(false);
  });

  it('knows when only refusals pass', () => {
    expect(parseStatusList('401,403').expectsRefusal).toBe(true);
    expect(parseStatusList('4XX').expectsRefusal).toBe(true);
    expect(parseStatusList('401,200').expectsRefusal).toBe(false);
  });

  it.each(['', '20', '600', '6xx', '2x', 'ok'])('rejects %j', (text) => {
    expect(() => parseStatusList(text)).toThrow(StatusListSyntaxError);
  });
});
