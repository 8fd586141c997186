import { describe, expect, it } from 'vitest';
import { totp, verifyTotp } from '../../sandbox/rules/totp.js';

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC = { stepSeconds: 30, digits: 8 };

describe('totp (RFC 6238, HMAC-SHA1)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches the Appendix B SHA-1 vector at T=%i', (seconds, expected) => {
    expect(totp(RFC_SECRET, seconds * 1000, RFC)).toBe(expected);
  });

  it('defaults to 6 digits and a 60-second step', () => {
    const t = Date.parse('2025-03-03T00:30:00.000Z');
    const otp = totp(RFC_SECRET, t);
    expect(otp).toMatch(/^\d{6}$/);
    expect(totp(RFC_SECRET, t + 59_999 - (t % 60_000))).toBe(otp);
    expect(totp(RFC_SECRET, t - (t % 60_000) + 60_000)).not.toBe(otp);
    // The 6-digit code is the last 6 digits of the same truncation (RFC 4226).
    expect(totp(RFC_SECRET, t, { digits: 8 }).slice(-6)).toBe(otp);
  });

  it('depends on the secret', () => {
    const t = Date.parse('2025-03-03T00:30:00.000Z');
    expect(totp(Buffer.from('another secret of 20b'), t)).not.toBe(totp(RFC_SECRET, t));
  });
});

describe('verifyTotp', () => {
  const stepStart = Date.parse('2025-03-03T00:30:00.000Z');
  const now = stepStart + 30_000;
  const codeAt = (offsetSteps: number) => totp(RFC_SECRET, now + offsetSteps * 60_000);

  it('accepts the current step and one step either side', () => {
    expect(verifyTotp(RFC_SECRET, codeAt(0), now)).toBe(true);
    expect(verifyTotp(RFC_SECRET, codeAt(-1), now)).toBe(true);
    expect(verifyTotp(RFC_SECRET, codeAt(1), now)).toBe(true);
  });

  it('refuses two steps away, in either direction', () => {
    expect(verifyTotp(RFC_SECRET, codeAt(-2), now)).toBe(false);
    expect(verifyTotp(RFC_SECRET, codeAt(2), now)).toBe(false);
  });

  it('refuses a wrong code and a code of another length', () => {
    const right = codeAt(0);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp(RFC_SECRET, wrong, now)).toBe(false);
    expect(verifyTotp(RFC_SECRET, `${right}0`, now)).toBe(false);
    expect(verifyTotp(RFC_SECRET, right.slice(1), now)).toBe(false);
  });

  it('honours a custom step for the window', () => {
    const code = totp(RFC_SECRET, 59_000, RFC);
    expect(verifyTotp(RFC_SECRET, code, 59_000 + 30_000, RFC)).toBe(true);
    expect(verifyTotp(RFC_SECRET, code, 59_000 + 60_000, RFC)).toBe(false);
  });
});
