import { randomBytes } from 'node:crypto';
import { newId, refuse, type Env, type Rule } from './context.js';
import { authenticateOtp } from './devices.js';
import { codeHash, type RegistrationRow } from './digital-otp.js';
import { notifyCustomer } from './notifications.js';
import { findDevice, insertDevice } from '../store/records.js';
import { sql } from '../store/store.js';
import { totp } from './totp.js';

/**
 * The customer's phone, played by the sandbox (ISSUER-API.md "The phone side"): the Digital OTP app
 * activates with the app registration code, shows its current OTP, and authenticates as a bank
 * would have it do. Only the sandbox has these routes.
 */

export const activateApp: Rule<'activateApp'> = (env, { body }) => {
  const registration = liveRegistrationFor(env, body.appRegistrationCode);
  if (!registration) throw refuse(404, 'APP_CODE_INVALID', 'The app registration code is unknown, used or expired');
  // Refused before anything is written, so the code stays usable from an intact phone.
  if (body.rooted) throw refuse(403, 'DEVICE_INTEGRITY_FAILED', 'A rooted or custom-ROM phone cannot hold a Digital OTP');

  // One person, one Digital OTP: the one before (wherever it was registered) is replaced.
  sql(
    env.db,
    "UPDATE devices SET status = 'REPLACED' WHERE customer_ref = ? AND kind = 'DIGITAL_OTP' AND status IN ('ACTIVE', 'RESTRICTED')",
  ).run(registration.customer_ref);

  const otpSeed = randomBytes(20).toString('hex');
  const device = insertDevice(env, {
    device_id: newId('dev'),
    kind: 'DIGITAL_OTP',
    status: 'ACTIVE',
    institution_code: registration.institution_code,
    customer_ref: registration.customer_ref,
    mobile: registration.mobile,
    otp_seed: otpSeed,
    phone_device_id: body.phoneDeviceId,
  });
  // Texted from the institution that registered it; the registration keeps who, for the console's next poll.
  const notified = notifyCustomer(env, registration.customer_ref, 'ACTIVATION', { device }, registration.institution_code);
  sql(
    env.db,
    "UPDATE registrations SET status = 'ACTIVATED', app_code_hash = NULL, device_id = ?, activated_at = ?, notified = ? WHERE registration_id = ?",
  ).run(device.device_id, env.now.toISOString(), JSON.stringify(notified), registration.registration_id);
  return { deviceId: device.device_id, otpSeed };
};

/** The registration an unexpired, unused app code belongs to. */
function liveRegistrationFor(env: Env, code: string): RegistrationRow | undefined {
  return sql(
    env.db,
    "SELECT * FROM registrations WHERE app_code_hash = ? AND status = 'APP_CODE_ISSUED' AND app_code_expires_at > ?",
  ).get(codeHash(env, 'app', code), env.now.toISOString()) as RegistrationRow | undefined;
}

/** What the app shows now. Only a Digital OTP app has one; a card device is not a phone. */
export const appOtp: Rule<'appOtp'> = (env, { body }) => {
  const device = findDevice(env, body.deviceId);
  if (!device || device.otp_seed === null) throw refuse(404, 'DEVICE_NOT_FOUND', 'No Digital OTP app with this device ID');
  return { otp: totp(Buffer.from(device.otp_seed, 'hex'), env.now.getTime()) };
};

export const appAuthenticate: Rule<'appAuthenticate'> = (env, { body }) => authenticateOtp(env, body.deviceId, body.otp);
