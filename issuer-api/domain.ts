import { z } from 'zod';

/**
 * Domain values of ISSUER-API.md with their parsing, normalising and masking rules. Written once:
 * the renderer's forms, the router, the sandbox issuer and the HTTP client all use these.
 * Rule names (`RRN_FORMAT`, …) are the messages, so each side can translate them.
 */

const digits = (count: number, rule: string) => z.string().trim().regex(new RegExp(`^\\d{${count}}$`), rule);

// ---------------------------------------------------------------- identifiers

/** An opaque identifier the issuer hands out (customerRef, checkId, registrationId, deviceId, …). */
export const IdSchema = z.string().min(1).max(64);

/** A staff session's bearer token or a supervisor's approval token, as the issuer hands them out. */
export const TokenSchema = z.string().min(16).max(256);

/** An Idempotency-Key: a UUID of any version (no `i` flag, so the OpenAPI pattern says the same). */
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'UUID_FORMAT');


// ---------------------------------------------------------------- RRN (주민등록번호)

/** Century of birth by the RRN's 7th digit (9/0: 1800s, 1/2/5/6: 1900s, 3/4/7/8: 2000s). */
const RRN_CENTURY: Record<string, number> = { '9': 1800, '0': 1800, '1': 1900, '2': 1900, '5': 1900, '6': 1900, '3': 2000, '4': 2000, '7': 2000, '8': 2000 };

export function isRealDate(year: number, month: number, day: number): boolean {
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The birth date an RRN encodes, or null when YYMMDD is not a real date in its century. */
export function rrnBirthDate(rrn: string): { year: number; month: number; day: number } | null {
  const century = RRN_CENTURY[rrn[6] ?? ''];
  if (century === undefined) return null;
  const year = century + Number(rrn.slice(0, 2));
  const month = Number(rrn.slice(2, 4));
  const day = Number(rrn.slice(4, 6));
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

/**
 * The old check digit (weights 2,3,4,5,6,7,8,9,2,3,4,5; check = (11 − sum mod 11) mod 10).
 * Numbers issued since 2020-10 have none, so a failure is a warning to show, never a rejection.
 */
export function rrnChecksumValid(rrn: string): boolean {
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(rrn[i]), 0);
  return (11 - (sum % 11)) % 10 === Number(rrn[12]);
}

/** Typed as `YYMMDD-NNNNNNN` or 13 digits (spaces allowed); normalised to 13 digits. */
export const RrnSchema = z
  .string()
  .transform((typed) => typed.replace(/[\s-]/g, ''))
  // abort: a malformed number reports RRN_FORMAT alone, not RRN_DATE as well
  .pipe(z.string().regex(/^\d{13}$/, { message: 'RRN_FORMAT', abort: true }))
  .refine((rrn) => rrnBirthDate(rrn) !== null, 'RRN_DATE');

/** `711231-1******`: birth date and the sex/century digit, nothing else. */
export const maskRrn = (rrn: string) => `${rrn.slice(0, 6)}-${rrn[6]}******`;
export const MaskedRrnSchema = z.string().regex(/^\d{6}-\d\*{6}$/);

// ---------------------------------------------------------------- mobile numbers

const MOBILE_PATTERN = /^(01[016789])([1-9]\d{2,3})(\d{4})$/;

/**
 * 010 (and legacy 011/016/017/018/019), a middle block of 3–4 digits not starting with 0, a last
 * block of 4. Dashes, dots, spaces and `+82 10…` are accepted; normalised to `01012345678`.
 */
export const MobileNumberSchema = z
  .string()
  .transform((typed) => {
    const compact = typed.replace(/[\s.\-()]/g, '');
    return compact.startsWith('+82') ? `0${compact.slice(3).replace(/^0/, '')}` : compact;
  })
  .pipe(z.string().regex(MOBILE_PATTERN, 'MOBILE_FORMAT'));

/** `010-****-5678`. */
export function maskMobile(mobile: string): string {
  const match = MOBILE_PATTERN.exec(mobile);
  if (!match) throw new Error('maskMobile needs a normalised mobile number');
  return `${match[1]}-${'*'.repeat(match[2]!.length)}-${match[3]}`;
}
export const MaskedMobileSchema = z.string().regex(/^01[016789]-\*{3,4}-\d{4}$/);

/** A number as a slip or the journal may show it: one chosen on record is masked already, a typed one is masked here. */
export function maskedMobileOf(mobile: string): string {
  const typed = MobileNumberSchema.safeParse(mobile);
  return typed.success ? maskMobile(typed.data) : mobile;
}

/** `김*용`, `홍*` for two syllables, `남**준` for longer names (first and last syllable only). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

// ---------------------------------------------------------------- codes

export const SmsCodeSchema = digits(5, 'SMS_CODE_FORMAT');
export const AppRegistrationCodeSchema = digits(8, 'APP_CODE_FORMAT');
export const OtpSchema = digits(6, 'OTP_FORMAT');
/** A Digital OTP app shows a new OTP every step (TOTP, RFC 6238). */
export const OTP_STEP_SECONDS = 60;
export const VendorCodeSchema = digits(3, 'VENDOR_CODE_FORMAT');
export const SerialSchema = z
  .string()
  .transform((typed) => typed.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{12}$/, 'SERIAL_FORMAT'));
/**
 * A fee as the teller types it, in whole won. Whether it is the right one is the issuer's to say:
 * its fee table is the rule (FEE_MISMATCH).
 */
export const FeeAmountTextSchema = z
  .string()
  .trim()
  .regex(/^\d{1,8}$/, 'FEE_AMOUNT_FORMAT')
  .transform(Number);
export const InstitutionCodeSchema = digits(3, 'INSTITUTION_CODE_FORMAT');
export const BranchCodeSchema = digits(4, 'BRANCH_CODE_FORMAT');

/** A serial as devices list it: first 4 and last 4 digits, `3000****0004`. */
export const maskSerial = (serial: string) => `${serial.slice(0, 4)}****${serial.slice(-4)}`;

/** A calendar date `YYYY-MM-DD` that exists. */
// Korea keeps no daylight saving time: Asia/Seoul is UTC+9 the whole year.
export const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The business date of an instant: its calendar date in Asia/Seoul, `2026-12-02`. */
export const businessDateOf = (at: string | Date) => new Date(new Date(at).getTime() + SEOUL_OFFSET_MS).toISOString().slice(0, 10);

export const CalendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'DATE_FORMAT', abort: true }) // DATE_FORMAT alone, not DATE_INVALID too
  .refine((text) => isRealDate(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))), 'DATE_INVALID');

export const PersonNameSchema = z.string().trim().min(1, 'NAME_REQUIRED').max(50, 'NAME_TOO_LONG');

// ---------------------------------------------------------------- redaction

const RRN = /(?<!\d)(\d{6})[-\s]?([1-8])\d{6}(?!\d)/g;
const MOBILE = /(?<!\d)(01[016789])[-.\s]?(\d{3,4})[-.\s]?(\d{4})(?!\d)/g;

/** Masks every full RRN and mobile number in free text (an error message, a log line) as above. */
export function redact(text: string): string {
  return text.replace(RRN, '$1-$2******').replace(MOBILE, '$1-****-$3');
}
