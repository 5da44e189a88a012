import { sha256Hex } from './redact';

/**
 * Secrets that are published as examples: vendors' documentation and RFCs
 * print them, libraries and their docs copy them. Nobody can use one, and
 * no real credential equals one, so a finding of one of these values is
 * third-party content wherever it is. Matched by the hash of the exact value
 * a rule captured, so a real secret that merely contains one is not.
 */
const EXAMPLES: readonly (readonly [value: string, source: string])[] = [
  ['AKIAIOSFODNN7EXAMPLE', 'AWS documentation example access key id'],
  ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS documentation example secret key'],
  ['AKIAI44QH8DHBEXAMPLE', 'AWS documentation example access key id'],
  ['je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'AWS documentation example secret key'],
  // RFC 6749 (OAuth 2.0) §4.1–4.4, §5.1, §6
  ['2YotnFZFEjr1zCsicMWpAA', 'RFC 6749 example access token'],
  ['tGzv3JOkF0XG5Qx2TlKWIA', 'RFC 6749 example refresh token'],
  ['SplxlOBeZQQYbYS6WxSbIA', 'RFC 6749 example authorization code'],
  ['7Fjfp0ZBr1KtDRbnfVdmIw', 'RFC 6749 example client secret'],
  ['mF_9.B5f-4.1JqM', 'RFC 6750 example bearer token'],
  // RFC 7519 (JWT) §3.1
  [
    'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    'RFC 7519 example JWT',
  ],
  // RFC 7515 (JWS) Appendix A.1
  [
    'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    'RFC 7515 example JWS',
  ],
  // jwt.io's sample token (HS256, "John Doe")
  [
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    "jwt.io's sample JWT",
  ],
  // Stripe's documentation test key
  ['sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'Stripe documentation test key'],
];

const BY_HASH = new Map(EXAMPLES.map(([value, source]) => [sha256Hex(value), source]));

/** What published example a secret is, by the hash of its value. */
export function exampleSource(secretHash: string): string | undefined {
  return BY_HASH.get(secretHash);
}
