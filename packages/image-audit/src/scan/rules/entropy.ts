/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const PLACEHOLDER_WORDS =
  /^(?:change[-_ ]?me|change[-_ ]?it|changeme\d*|password\d*|passwd|secret|token|example|sample|dummy|fake|test(?:ing)?|placeholder|none|null|nil|undefined|true|false|yes|no|on|off|todo|tbd|redacted|hidden|masked|default|empty|string|value|(?:my|your|insert|enter|replace)[-_]?(?:pass\w*|secret\w*|token\w*|key\w*|api\w*|value\w*|here)|foo|bar|baz|foobar|qwerty|admin|root|user(?:name)?|guest|pass|letmein)$/i;

/**
 * True for values that stand in for a secret rather than being one:
 * `${TOKEN}`, `$TOKEN`, `{{ .token }}`, `<token>`, `changeme`, `xxxx`, `****`,
 * empty. Build args and env values are full of these.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["'`]|["'`]$/g, '');
  if (v.length === 0) return true;
  if (/^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^\$\([^)]*\)$|^%[A-Za-z_]+%$/.test(v)) return true;
  if (/^\{\{.*\}\}$|^<[^>]*>$|^\[[^\]]*\]$/.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true;
  if (/^[x*.#_-]+$/i.test(v)) return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  if (/(?:example|placeholder|dummy|changeme|your[-_]?(?:api[-_]?)?(?:key|token|secret|password))/i.test(v))
    return true;
  return false;
}
