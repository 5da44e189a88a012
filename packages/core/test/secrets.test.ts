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
