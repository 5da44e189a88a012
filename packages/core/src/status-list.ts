/**
 * HTTP status expectations: `200`, `2xx`, `401,403`, `2xx,304`.
 */
export interface StatusExpectation {
  /** As the user wrote it, normalised: `2xx,401`. */
  readonly text: string;
  matches(status: number): boolean;
  /** True when every accepted status is a refusal (4xx/5xx): a check that
   * proves a credential no longer works. */
  readonly expectsRefusal: boolean;
}

export class StatusListSyntaxError extends Error {
  override name = 'StatusListSyntaxError';
}

export function parseStatusList(text: string): StatusExpectation {
  const ranges: Array<[number, number]> = [];
  const items = text
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
  if (items.length === 0) throw new StatusListSyntaxError('is empty');
  for (const item of items) {
    const family = /^([1-5])xx$/.exec(item);
    if (family) {
      const base = Number(family[1]) * 100;
      ranges.push([base, base + 99]);
    } else if (/^[1-5]\d\d$/.test(item)) {
      ranges.push([Number(item), Number(item)]);
    } else {
      throw new StatusListSyntaxError(`has '${item}', which is neither a status (200) nor a class (2xx)`);
    }
  }
  return Object.freeze({
    text: items.join(','),
    matches: (status: number) => ranges.some(([low, high]) => status >= low && status <= high),
    expectsRefusal: ranges.every(([low]) => low >= 400),
  });
}
