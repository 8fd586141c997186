import type { DeviceStatus } from '../../../shared/issuer-api.js';
import type { IssuerError } from '../issuer.js';
import { newId, pathParam, refuse, sessionOf, type Env, type Rule } from './context.js';
import { requireIdentityCheck } from './identity.js';
import { deviceView, requireDevice, type DeviceRow } from './records.js';
import { sql } from './store.js';
import { verifyTotp } from './totp.js';

/**
 * Device rules (ISSUER-API.md "Lost devices, restrictions, supervisors"): using an OTP, and the
 * only transitions there are: ACTIVE/RESTRICTED → LOST (loss report), LOST → ACTIVE (release,
 * supervisor), RESTRICTED → ACTIVE (unlock, supervisor and a fresh identity check), and a device
 * turning RESTRICTED after maxFail wrong OTPs in a row. Anything else is 409 INVALID_DEVICE_STATE.
 */

const wrongState = (status: DeviceStatus) =>
  refuse(409, 'INVALID_DEVICE_STATE', 'Not allowed in the device’s current state', { status });

/**
 * One OTP used against a device: the console's counter check and the phone's authentication share
 * this rule, so failures count toward maxFail the same way. Refusals that count are returned.
 */
export function authenticateOtp(env: Env, deviceId: string, otp: string): { ok: true } | IssuerError {
  const device = requireDevice(env, deviceId);
  if (device.status === 'LOST') throw refuse(409, 'DEVICE_LOST', 'The device is reported lost', { status: device.status });
  if (device.status === 'RESTRICTED') throw refuse(423, 'DEVICE_RESTRICTED', 'The device is restricted', { failCount: device.fail_count });
  if (device.status !== 'ACTIVE') throw wrongState(device.status);
  // The sandbox plays only the Digital OTP app; it has no generator for a card's OTP.
  if (device.kind !== 'DIGITAL_OTP' || device.otp_seed === null) throw wrongState(device.status);

  if (!verifyTotp(Buffer.from(device.otp_seed, 'hex'), otp, env.now.getTime())) return countFailure(env, device);
  sql(env.db, 'UPDATE devices SET fail_count = 0, last_used_at = ? WHERE device_id = ?').run(env.now.toISOString(), device.device_id);
  return { ok: true };
}

function countFailure(env: Env, device: DeviceRow): IssuerError {
  const failCount = device.fail_count + 1;
  const restricted = failCount >= device.max_fail;
  sql(env.db, 'UPDATE devices SET fail_count = ?, status = ? WHERE device_id = ?').run(
    failCount, restricted ? 'RESTRICTED' : device.status, device.device_id,
  );
  if (restricted) return refuse(423, 'DEVICE_RESTRICTED', 'Too many wrong OTPs; the device is restricted', { failCount });
  return refuse(401, 'OTP_MISMATCH', 'The OTP is wrong', { failCount });
}

export const otpCheck: Rule<'otpCheck'> = (env, { params, body }) => authenticateOtp(env, pathParam(params.deviceId), body.otp);

/**
 * Takes effect at once, everywhere. A card is one thing at every institution: reporting any of its
 * device records loses the card and every record of it.
 */
export const reportLoss: Rule<'reportLoss'> = (env, { params, body }) => {
  const device = requireDevice(env, pathParam(params.deviceId));
  if (device.status !== 'ACTIVE' && device.status !== 'RESTRICTED') throw wrongState(device.status);
  setStatus(env, device, ['ACTIVE', 'RESTRICTED'], 'LOST');

  const reportRef = newId('loss');
  sql(env.db, 'INSERT INTO loss_reports (report_ref, device_id, reason, note, reported_by, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    reportRef, device.device_id, body.reason, body.note ?? null, sessionOf(env).staffId, env.now.toISOString(),
  );
  return { reportRef, status: 'LOST' };
};

/** The device (or card) was found: LOST → ACTIVE; the failure count is left as it was. */
export const releaseLoss: Rule<'releaseLoss'> = (env, { params }) => {
  const device = requireDevice(env, pathParam(params.deviceId));
  if (device.status !== 'LOST') throw wrongState(device.status);
  setStatus(env, device, ['LOST'], 'ACTIVE');
  return deviceView(requireDevice(env, device.device_id));
};

/** RESTRICTED → ACTIVE with failCount 0, for the device's owner, freshly identified. */
export const unlock: Rule<'unlock'> = (env, { params, body }) => {
  const device = requireDevice(env, pathParam(params.deviceId));
  requireIdentityCheck(env, body.identityCheckId, device.customer_ref);
  if (device.status !== 'RESTRICTED') throw wrongState(device.status);
  sql(env.db, "UPDATE devices SET status = 'ACTIVE', fail_count = 0 WHERE device_id = ?").run(device.device_id);
  return deviceView(requireDevice(env, device.device_id));
};

/**
 * Moves a device from one of `from` to `to`. For a Smart OTP device the card moves with it, and so
 * does every record of that card at every institution that is in one of `from`.
 */
function setStatus(env: Env, device: DeviceRow, from: readonly DeviceStatus[], to: 'LOST' | 'ACTIVE'): void {
  if (device.card_vendor_code === null || device.card_serial === null) {
    sql(env.db, 'UPDATE devices SET status = ? WHERE device_id = ?').run(to, device.device_id);
    return;
  }
  const card = [device.card_vendor_code, device.card_serial] as const;
  sql(env.db, 'UPDATE cards SET status = ? WHERE vendor_code = ? AND serial = ?').run(to, ...card);
  sql(
    env.db,
    `UPDATE devices SET status = ? WHERE card_vendor_code = ? AND card_serial = ? AND status IN (${from.map(() => '?').join(', ')})`,
  ).run(to, ...card, ...from);
}
