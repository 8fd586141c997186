import { describe, expect, it } from 'vitest';
import { redact } from '../../issuer-api/domain.js';
import { createLog } from '../../main/app/log.js';

describe('log redaction', () => {
  it('masks a full RRN, with or without the dash, as ISSUER-API.md masks it', () => {
    expect(redact('customer 711231-1123455 failed')).toBe('customer 711231-1****** failed');
    expect(redact('rrn=9001011123459;')).toBe('rrn=900101-1******;');
  });

  it('masks mobile numbers in every accepted spelling', () => {
    expect(redact('sms to 010-1234-5678')).toBe('sms to 010-****-5678');
    expect(redact('sms to 01012345678')).toBe('sms to 010-****-5678');
    expect(redact('sms to 011.234.5678')).toBe('sms to 011-****-5678');
  });

  it('leaves other numbers alone', () => {
    const text = 'serial 300000000004 vendor 003 port 35963 at 2026-11-22T03:00:00Z';
    expect(redact(text)).toBe(text);
  });

  it('redacts every line a log writes', () => {
    const lines: string[] = [];
    createLog((line) => lines.push(line))('Error: UNIQUE failed for 850615-2234565 / 010-2345-6789');
    expect(lines).toEqual(['Error: UNIQUE failed for 850615-2****** / 010-****-6789']);
  });
});
