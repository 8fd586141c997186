import { randomInt } from 'node:crypto';
import { maskMobile } from '../../issuer-api/domain.js';
import { hasExpired, newId, pathParam, refuse, secondsAfter, sessionOf, type Env, type Rule } from './context.js';
import { requireIdentityCheck } from './identity.js';
import { mobilesOf, requireCustomer } from '../store/records.js';
import { keyedDigest, sql } from '../store/store.js';

/**
 * Digital OTP registration at the counter (ISSUER-API.md "Digital OTP registration"):
 * SMS_SENT → SMS_VERIFIED → APP_CODE_ISSUED → ACTIVATED (on the phone, see phone.ts), or
 * CANCELLED; an app code left to run out reads as EXPIRED. Codes are stored only as hashes.
 */

export const SMS_CODE_SECONDS = 3 * 60;
export const MAX_SMS_FAILURES = 5;
export const MAX_RESENDS = 3;
export const APP_CODE_SECONDS = 30 * 60;

export type RegistrationStatus = 'SMS_SENT' | 'SMS_VERIFIED' | 'APP_CODE_ISSUED' | 'ACTIVATED' | 'EXPIRED' | 'CANCELLED';

export interface RegistrationRow {
  registration_id: string;
  customer_ref: string;
  institution_code: string;
  mobile: string;
  status: Exclude<RegistrationStatus, 'EXPIRED'>;
  created_at: string;
  sms_code_hash: string | null;
  sms_expires_at: string;
  sms_failures: number;
  resends_used: number;
  app_code_hash: string | null;
  app_code_expires_at: string | null;
  device_id: string | null;
  activated_at: string | null;
  /** JSON array of the masked numbers texted about the activation. */
  notified: string | null;
}

/** Codes are hashed with their kind, so an SMS code and an app code never compare equal. */
export const codeHash = (env: Env, kind: 'sms' | 'app', code: string) => keyedDigest(env.db, 'code', `${kind}:${code}`);

const digits = (count: number) => String(randomInt(0, 10 ** count)).padStart(count, '0');

/** The status as the console sees it: an issued app code that ran out is EXPIRED. */
export function statusOf(row: RegistrationRow, now: Date): RegistrationStatus {
  const codeRanOut = row.status === 'APP_CODE_ISSUED' && row.app_code_expires_at !== null && hasExpired(row.app_code_expires_at, now);
  return codeRanOut ? 'EXPIRED' : row.status;
}

function requireRegistration(env: Env, registrationId: string): RegistrationRow {
  const row = sql(env.db, 'SELECT * FROM registrations WHERE registration_id = ?').get(registrationId) as RegistrationRow | undefined;
  if (!row) throw refuse(404, 'REGISTRATION_NOT_FOUND', 'No registration with this ID');
  return row;
}

function requireStatus(env: Env, row: RegistrationRow, allowed: readonly RegistrationStatus[]): void {
  const status = statusOf(row, env.now);
  if (!allowed.includes(status)) throw refuse(409, 'INVALID_REGISTRATION_STATE', 'Not allowed in the registration’s current state', { status });
}

/** A new 5-digit code for the registration; the previous one dies. The SMS is the outbox row. */
function sendSmsCode(env: Env, registrationId: string, mobile: string): string {
  const code = digits(5);
  const expiresAt = secondsAfter(env.now, SMS_CODE_SECONDS);
  sql(env.db, 'UPDATE registrations SET sms_code_hash = ?, sms_expires_at = ? WHERE registration_id = ?').run(
    codeHash(env, 'sms', code), expiresAt, registrationId,
  );
  sql(env.db, 'INSERT INTO sms_outbox (mobile, text, sent_at) VALUES (?, ?, ?)').run(
    mobile, `[디지털OTP] 인증번호 [${code}] 직원에게 보여주세요 (3분 이내)`, env.now.toISOString(),
  );
  return expiresAt;
}

export const startRegistration: Rule<'startRegistration'> = (env, { body }) => {
  const customer = requireCustomer(env, body.customerRef);
  requireIdentityCheck(env, body.identityCheckId, customer.customer_ref);
  if (customer.customer_type !== 'INDIVIDUAL') throw refuse(403, 'NOT_ELIGIBLE', 'Digital OTP is for individual customers only');
  // A number typed in full, or one of the masked numbers the identity check listed, as chosen.
  const mobile = mobilesOf(env, customer.customer_ref).find((onRecord) => onRecord === body.mobileNumber || maskMobile(onRecord) === body.mobileNumber);
  if (!mobile) throw refuse(409, 'MOBILE_NOT_ON_RECORD', 'The number is not one on record');

  const registrationId = newId('reg');
  sql(
    env.db,
    `INSERT INTO registrations (registration_id, customer_ref, institution_code, branch_code, mobile, status, created_at, sms_expires_at)
     VALUES (?, ?, ?, ?, ?, 'SMS_SENT', ?, ?)`,
  ).run(
    registrationId, customer.customer_ref, env.terminal.institutionCode, env.terminal.branchCode, mobile, env.now.toISOString(), env.now.toISOString(),
  );
  const smsExpiresAt = sendSmsCode(env, registrationId, mobile);
  return { registrationId, status: 'SMS_SENT', smsExpiresAt, resendsLeft: MAX_RESENDS };
};

export const resendSms: Rule<'resendSms'> = (env, { params }) => {
  const row = requireRegistration(env, pathParam(params.registrationId));
  requireStatus(env, row, ['SMS_SENT']);
  if (row.resends_used >= MAX_RESENDS) throw refuse(409, 'RESEND_LIMIT_REACHED', 'No resends left for this registration');
  sql(env.db, 'UPDATE registrations SET resends_used = resends_used + 1 WHERE registration_id = ?').run(row.registration_id);
  const smsExpiresAt = sendSmsCode(env, row.registration_id, row.mobile);
  return { registrationId: row.registration_id, status: 'SMS_SENT', smsExpiresAt, resendsLeft: MAX_RESENDS - row.resends_used - 1 };
};

/** Wrong codes count per registration (a resend does not reset them); the 5th cancels it. */
export const verifySms: Rule<'verifySms'> = (env, { params, body }) => {
  const row = requireRegistration(env, pathParam(params.registrationId));
  requireStatus(env, row, ['SMS_SENT']);
  if (hasExpired(row.sms_expires_at, env.now)) throw refuse(410, 'SMS_CODE_EXPIRED', 'The SMS code has expired; send a new one');

  if (row.sms_code_hash !== codeHash(env, 'sms', body.code)) {
    const failures = row.sms_failures + 1;
    // Returned, not thrown: the count (and the cancellation) must be committed.
    if (failures >= MAX_SMS_FAILURES) {
      sql(env.db, "UPDATE registrations SET sms_failures = ?, status = 'CANCELLED', sms_code_hash = NULL WHERE registration_id = ?").run(
        failures, row.registration_id,
      );
      return refuse(423, 'TOO_MANY_ATTEMPTS', 'Too many wrong codes; the registration is cancelled');
    }
    sql(env.db, 'UPDATE registrations SET sms_failures = ? WHERE registration_id = ?').run(failures, row.registration_id);
    return refuse(422, 'SMS_CODE_MISMATCH', 'The SMS code is wrong', { attemptsLeft: MAX_SMS_FAILURES - failures });
  }

  sql(env.db, "UPDATE registrations SET status = 'SMS_VERIFIED', sms_code_hash = NULL WHERE registration_id = ?").run(row.registration_id);
  return { status: 'SMS_VERIFIED' };
};

/** The 8-digit code the customer types into the app; issuing again replaces it. */
export const issueAppCode: Rule<'issueAppCode'> = (env, { params }) => {
  const row = requireRegistration(env, pathParam(params.registrationId));
  requireStatus(env, row, ['SMS_VERIFIED', 'APP_CODE_ISSUED']);
  const code = unusedAppCode(env);
  const expiresAt = secondsAfter(env.now, APP_CODE_SECONDS);
  sql(
    env.db,
    "UPDATE registrations SET status = 'APP_CODE_ISSUED', app_code_hash = ?, app_code_expires_at = ?, app_code_issued_by = ? WHERE registration_id = ?",
  ).run(codeHash(env, 'app', code), expiresAt, sessionOf(env).staffId, row.registration_id);
  return { appRegistrationCode: code, expiresAt };
};

/** A code no live registration holds, so the phone's code names exactly one registration. */
function unusedAppCode(env: Env): string {
  for (;;) {
    const code = digits(8);
    const taken = sql(
      env.db,
      "SELECT 1 FROM registrations WHERE app_code_hash = ? AND status = 'APP_CODE_ISSUED' AND app_code_expires_at > ?",
    ).get(codeHash(env, 'app', code), env.now.toISOString());
    if (!taken) return code;
  }
}

export const registration: Rule<'registration'> = (env, { params }) => {
  const row = requireRegistration(env, pathParam(params.registrationId));
  return {
    registrationId: row.registration_id,
    status: statusOf(row, env.now),
    ...(row.device_id !== null && { deviceId: row.device_id }),
    ...(row.activated_at !== null && { activatedAt: row.activated_at }),
    ...(row.notified !== null && { notified: JSON.parse(row.notified) as string[] }),
  };
};

export const cancelRegistration: Rule<'cancelRegistration'> = (env, { params }) => {
  const row = requireRegistration(env, pathParam(params.registrationId));
  requireStatus(env, row, ['SMS_SENT', 'SMS_VERIFIED', 'APP_CODE_ISSUED']);
  sql(
    env.db,
    "UPDATE registrations SET status = 'CANCELLED', sms_code_hash = NULL, app_code_hash = NULL WHERE registration_id = ?",
  ).run(row.registration_id);
  return { registrationId: row.registration_id, status: 'CANCELLED' };
};
