import { describe, expect, it } from 'vitest';
import { errorMessage } from '../src/errors';
import { upstreamText } from '../src/upstream-body';

/** What JSON.parse says of each body, on the Node running the test. */
function parseFailure(body: string): Error {
  try {
    JSON.parse(body);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the body parsed');
}

const value = 'kt9Xq2LmW7vR4tY8pZ3nB6';
const bodies = [
  value,
  value.slice(0, 8),
  `{"Parameter":{"Value":${value}}}`,
  `<html><body>${value}</body></html>`,
  `{"a":1,\n"b":${value}\n}`,
];

describe.each([
  ['errorMessage', (error: Error) => errorMessage(error)],
  ['upstreamText', (error: Error) => upstreamText(`the SDK says: ${error.message}`)],
])('%s of a JSON.parse failure', (_, say) => {
  it.each(bodies)('quotes no part of %j', (body) => {
    const said = say(parseFailure(body));
    for (let start = 0; start + 4 <= value.length; start++) expect(said).not.toContain(value.slice(start, start + 4));
    expect(said).toMatch(/not valid JSON|JSON at position|Unexpected/);
  });
});

describe('errorMessage', () => {
  it('keeps every other message as it is', () => {
    expect(errorMessage(new Error('parameter /app/token does not exist'))).toBe('parameter /app/token does not exist');
    expect(errorMessage('a thrown string')).toBe('a thrown string');
  });
});
