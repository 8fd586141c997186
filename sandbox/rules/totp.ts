import { createHmac, timingSafeEqual } from 'node:crypto';
import { OTP_STEP_SECONDS } from '../../issuer-api/domain.js';

/**
 * TOTP of RFC 6238 with HMAC-SHA1 (RFC 4226 dynamic truncation). The Digital OTP app shows a
 * 6-digit code that changes every 60 seconds; the issuer accepts the step before and after, for
 * clock drift between the phone and the issuer.
 */
export interface TotpOptions {
  stepSeconds?: number;
  digits?: number;
}

export function totp(secret: Buffer, timeMs: number, { stepSeconds = OTP_STEP_SECONDS, digits = 6 }: TotpOptions = {}): string {
  return hotp(secret, Math.floor(timeMs / 1000 / stepSeconds), digits);
}

/** Whether `otp` is the code of the step at `timeMs`, or of the step just before or after it. */
export function verifyTotp(secret: Buffer, otp: string, timeMs: number, options: TotpOptions = {}): boolean {
  const stepMs = (options.stepSeconds ?? OTP_STEP_SECONDS) * 1000;
  return [-1, 0, 1].some((drift) => sameCode(totp(secret, timeMs + drift * stepMs, options), otp));
}

function hotp(secret: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
