import { redact } from '../../issuer-api/domain.js';
import type { DeviceStatus, LossReason } from '../../issuer-api/schemas.js';
import type { IssuerError } from '../../issuer-api/errors.js';
import { newId, pathParam, refuse, sessionOf, type Env, type Rule } from './context.js';
import { requireIdentityCheck } from './identity.js';
import { deviceView, requireDevice, type DeviceRow } from '../store/records.js';
import { sql } from '../store/store.js';
import { verifyTotp } from './totp.js';

/**
 * Device rules (ISSUER-API.md "Lost devices, restrictions, supervisors"): using an OTP, and the
 * only transitions there are: ACTIVE/RESTRICTED → LOST (loss report), LOST → the status it had
 * before (release, supervisor: a restricted device found again is still restricted), RESTRICTED → ACTIVE (unlock, supervisor and a fresh identity check), and a device
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
  markLost(env, device, body.reason);

  const reportRef = newId('loss');
  // Free text may hold what must not be kept: RRNs and mobile numbers are masked before storing.
  sql(env.db, 'INSERT INTO loss_reports (report_ref, device_id, reason, note, reported_by, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    reportRef, device.device_id, body.reason, body.note === undefined ? null : redact(body.note), sessionOf(env).staffId, env.now.toISOString(),
  );
  return { reportRef, status: 'LOST' };
};

/**
 * The device (or card) was found: back to the status it had when reported, failure count as it
 * was. A restricted device stays restricted, so a release never skips unlock's identity check.
 */
export const releaseLoss: Rule<'releaseLoss'> = (env, { params }) => {
  const device = requireDevice(env, pathParam(params.deviceId));
  if (device.status !== 'LOST') throw wrongState(device.status);
  markFound(env, device);
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
 * A Smart OTP card is one thing at every institution: its loss and its release move the card and
 * every record of it; a Digital OTP device moves alone.
 */
function ofDeviceOrCard(device: DeviceRow): { where: string; args: string[]; card?: [string, string] } {
  if (device.card_vendor_code === null || device.card_serial === null) return { where: 'device_id = ?', args: [device.device_id] };
  const card: [string, string] = [device.card_vendor_code, device.card_serial];
  return { where: 'card_vendor_code = ? AND card_serial = ?', args: card, card };
}

function markLost(env: Env, device: DeviceRow, reason: LossReason): void {
  const { where, args, card } = ofDeviceOrCard(device);
  sql(env.db, `UPDATE devices SET status_before_loss = status, status = 'LOST', loss_reason = ? WHERE ${where} AND status IN ('ACTIVE', 'RESTRICTED')`).run(reason, ...args);
  if (card) sql(env.db, "UPDATE cards SET status = 'LOST' WHERE vendor_code = ? AND serial = ?").run(...card);
}

function markFound(env: Env, device: DeviceRow): void {
  const { where, args, card } = ofDeviceOrCard(device);
  sql(env.db, `UPDATE devices SET status = COALESCE(status_before_loss, 'ACTIVE'), status_before_loss = NULL, loss_reason = NULL WHERE ${where} AND status = 'LOST'`).run(...args);
  if (card) sql(env.db, "UPDATE cards SET status = 'ACTIVE' WHERE vendor_code = ? AND serial = ?").run(...card);
}
