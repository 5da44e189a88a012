import { describe, expect, it } from 'vitest';
import { maskedForms, SecretRegistry } from '../src/secrets';

function registry() {
  const sent: string[] = [];
  return { secrets: new SecretRegistry({ setSecret: (value) => sent.push(value) }), sent };
}

describe('masking', () => {
  it('registers a value with its base64, base64url, URL-encoded and JSON-escaped forms', () => {
    const value = 'p@ss/wörd+"quoted"?\\';
    const forms = maskedForms(value);
    expect(forms).toContain(value);
    expect(forms).toContain(Buffer.from(value).toString('base64'));
    expect(forms).toContain(Buffer.from(value).toString('base64url'));
    expect(forms).toContain(encodeURIComponent(value));
    expect(forms).toContain(JSON.stringify(value).slice(1, -1));
  });

  it('registers each line of a multi-line value, skipping lines too short to mean anything', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nab\n-----END PRIVATE KEY-----\n';
    const forms = maskedForms(pem);
    expect(forms).toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(forms).toContain('-----BEGIN PRIVATE KEY-----');
    expect(forms).not.toContain('ab');
    expect(forms).toContain(JSON.stringify(pem).slice(1, -1));
  });

  it('registers the hex forms too, so an upstream echoing the bytes in hex is masked by the runner', () => {
    const forms = maskedForms('kt-canary');
    expect(forms).toContain(Buffer.from('kt-canary').toString('hex'));
    expect(forms).toContain(Buffer.from('kt-canary').toString('hex').toUpperCase());
  });

  it('scrubs any 12-character slice of a known value, or of its hex and base64 forms, from upstream text', () => {
    const { secrets } = registry();
    const value = 'kt_canary_value_5c2e9a7b1d3f4e60';
    secrets.mask(value);
    const hex = Buffer.from(value).toString('hex');
    const base64 = Buffer.from(value).toString('base64');
    const said = [
      `Unexpected token in "${value.slice(3, 15)}"`,
      `prefix ${value.slice(0, 20)}… (truncated)`,
      `hex ${hex.slice(10, 40)}`,
      `b64 ${base64.slice(2, 16)}`,
      `tail ${value.slice(-12)}.`,
    ].join('\n');
    const shown = secrets.redact(said);
    for (let i = 0; i + 12 <= value.length; i++) expect(shown).not.toContain(value.slice(i, i + 12));
    for (let i = 0; i + 12 <= hex.length; i++) expect(shown).not.toContain(hex.slice(i, i + 12));
    expect(shown).toBe(
      ['Unexpected token in "***"', 'prefix ***… (truncated)', 'hex ***', 'b64 ***', 'tail ***.'].join('\n'),
    );
    // Shorter runs, and text that is not from the value, are kept.
    expect(secrets.redact(`${value.slice(0, 11)} and 5c2e9a7b1d3`)).toBe(`${value.slice(0, 11)} and 5c2e9a7b1d3`);
  });

  it('does not scrub the armor a PEM key shares with every other key', () => {
    const { secrets } = registry();
    secrets.mask('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n');
    expect(secrets.redact('-----BEGIN PUBLIC KEY-----')).toBe('-----BEGIN PUBLIC KEY-----');
    expect(secrets.redact('x BADANBgkqhkiG9 y')).toBe('x *** y');
  });

  it('tells the runner once per form and ignores empty values', () => {
    const { secrets, sent } = registry();
    expect(secrets.mask('s3cr3t-value')).toBe('s3cr3t-value');
    secrets.mask('s3cr3t-value');
    secrets.mask('');
    secrets.mask(undefined);
    expect(sent).toEqual(maskedForms('s3cr3t-value'));
  });

  it('redacts every registered form from a text, longest first', () => {
    const { secrets } = registry();
    const value = 'hunter2-hunter2';
    secrets.mask(value);
    const text = `plain ${value} b64 ${Buffer.from(value).toString('base64')} url ${encodeURIComponent(value)}`;
    const redacted = secrets.redact(text);
    expect(redacted).toBe('plain *** b64 *** url ***');
  });
});
