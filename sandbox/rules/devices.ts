import { redact } from '../../issuer-api/domain.js';
import type { DeviceStatus, LossReason } from '../../issuer-api/schemas.js';
import type { IssuerError } from '../../issuer-api/errors.js';
import { newId, pathParam, refuse, sessionOf, type Env, type Rule } from './context.js';
import { requireHolderCheck, requireIdentityCheck } from './identity.js';
import { notifyCustomer } from './notifications.js';
import { deviceView, findCard, liveRecordsOf, requireDevice, type DeviceRow } from '../store/records.js';
import { sql } from '../store/store.js';
import { verifyTotp } from './totp.js';

/**
 * Device rules (ISSUER-API.md "Lost devices, restrictions, supervisors", v1.1 "the rest of a
 * device's life"): using an OTP, and the only transitions there are: ACTIVE/RESTRICTED → LOST (loss
 * report), LOST → the status it had before (release, supervisor: a restricted device found again
 * is still restricted; never a card replaced since), RESTRICTED → ACTIVE (unlock, supervisor and a
 * fresh identity check), ACTIVE/RESTRICTED/LOST → REVOKED (termination by the holder), and a device
 * turning RESTRICTED after maxFail wrong OTPs in a row. Anything else is 409 INVALID_DEVICE_STATE;
 * using a REVOKED device is 409 DEVICE_REVOKED. Each of these jobs texts the customer.
 */

const wrongState = (status: DeviceStatus) =>
  refuse(409, 'INVALID_DEVICE_STATE', 'Not allowed in the device’s current state', { status });

/**
 * One OTP used against a device: the console's counter check and the phone's authentication share
 * this rule, so failures count toward maxFail the same way. Refusals that count are returned.
 */
export function authenticateOtp(env: Env, deviceId: string, otp: string): { ok: true } | IssuerError {
  const device = requireDevice(env, deviceId);
  if (device.status === 'REVOKED') throw refuse(409, 'DEVICE_REVOKED', 'The device was terminated', { status: device.status });
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
  // restricted_at: since when, for the restricted-devices worklist (worklists.ts)
  sql(env.db, 'UPDATE devices SET fail_count = ?, status = ?, restricted_at = ? WHERE device_id = ?').run(
    failCount, restricted ? 'RESTRICTED' : device.status, restricted ? env.now.toISOString() : device.restricted_at, device.device_id,
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
  return { reportRef, status: 'LOST', notified: notifyCustomer(env, device.customer_ref, 'LOSS_REPORT', { device }) };
};

/**
 * The device (or card) was found: back to the status it had when reported, failure count as it
 * was. A restricted device stays restricted, so a release never skips unlock's identity check.
 */
export const releaseLoss: Rule<'releaseLoss'> = (env, { params }) => {
  const device = requireDevice(env, pathParam(params.deviceId));
  if (device.status !== 'LOST') throw wrongState(device.status);
  // A lost card replaced since stays lost: finding it again must not bring it back beside the new one.
  const card = device.card_vendor_code !== null && device.card_serial !== null ? findCard(env, device.card_vendor_code, device.card_serial) : undefined;
  if (card?.replaced_by_serial) throw refuse(409, 'INVALID_DEVICE_STATE', 'The card was replaced', { status: device.status, replaced: true });
  markFound(env, device);
  return { ...deviceView(requireDevice(env, device.device_id)), notified: notifyCustomer(env, device.customer_ref, 'LOSS_RELEASE', { device }) };
};

/** RESTRICTED → ACTIVE with failCount 0, for the device's owner, freshly identified. */
export const unlock: Rule<'unlock'> = (env, { params, body }) => {
  const device = requireDevice(env, pathParam(params.deviceId));
  requireIdentityCheck(env, body.identityCheckId, device.customer_ref);
  if (device.status !== 'RESTRICTED') throw wrongState(device.status);
  sql(env.db, "UPDATE devices SET status = 'ACTIVE', fail_count = 0 WHERE device_id = ?").run(device.device_id);
  return { ...deviceView(requireDevice(env, device.device_id)), notified: notifyCustomer(env, device.customer_ref, 'UNLOCK', { device }) };
};

const TERMINABLE: readonly DeviceStatus[] = ['ACTIVE', 'RESTRICTED', 'LOST'];

/**
 * The holder ends a device. Checks, in order: the device (404 DEVICE_NOT_FOUND), the identity check
 * (403 IDENTITY_CHECK_INVALID: unknown, not verified or expired; 403 HOLDER_MISMATCH: another
 * customer's), a card's record of another institution (409 NOT_REGISTERED_HERE), the status
 * (409 INVALID_DEVICE_STATE unless ACTIVE, RESTRICTED or LOST).
 *
 * A Digital OTP is one record, one joint app: it ends everywhere, from any institution. A card's
 * record ends here only; the card itself is REVOKED once no record of it is left in use (not
 * ended), and a LOST card stays LOST (the loss stays on record at the other institutions).
 */
export const terminate: Rule<'terminate'> = (env, { params, body }) => {
  const device = requireDevice(env, pathParam(params.deviceId));
  requireHolderCheck(env, body.identityCheckId, device.customer_ref);
  if (device.kind === 'SMART_OTP' && device.institution_code !== env.terminal.institutionCode) {
    throw refuse(409, 'NOT_REGISTERED_HERE', 'A card’s registration is ended where it is registered', { institutionCode: device.institution_code });
  }
  if (!TERMINABLE.includes(device.status)) throw wrongState(device.status);

  sql(env.db, "UPDATE devices SET status = 'REVOKED' WHERE device_id = ?").run(device.device_id);
  if (device.card_vendor_code !== null && device.card_serial !== null) {
    const card = { vendor_code: device.card_vendor_code, serial: device.card_serial };
    // Only an ACTIVE card is revoked: a LOST one stays LOST, a replaced one is REVOKED already.
    if (liveRecordsOf(env, card).length === 0) {
      sql(env.db, "UPDATE cards SET status = 'REVOKED' WHERE vendor_code = ? AND serial = ? AND status = 'ACTIVE'").run(card.vendor_code, card.serial);
    }
  }
  const terminatedAt = env.now.toISOString();
  sql(
    env.db,
    'INSERT INTO terminations (device_id, institution_code, reason, note, terminated_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(
    device.device_id, env.terminal.institutionCode, body.reason, body.note === undefined ? null : redact(body.note), sessionOf(env).staffId,
    terminatedAt,
  );
  return { deviceId: device.device_id, status: 'REVOKED', terminatedAt, notified: notifyCustomer(env, device.customer_ref, 'TERMINATION', { device }) };
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
