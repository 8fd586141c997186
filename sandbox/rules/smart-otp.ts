import { maskSerial } from '../../issuer-api/domain.js';
import type { DeviceStatus, FeeCharged } from '../../issuer-api/schemas.js';
import { newId, refuse, sessionOf, type Env, type Rule } from './context.js';
import { feeFor } from './fees.js';
import { requireIdentityCheck } from './identity.js';
import { notifyCustomer } from './notifications.js';
import {
  deviceView, insertDevice, liveRecordsOf, requireCard, requireCustomer, requireDevice, type CardRow, type CustomerRow, type DeviceRow,
} from '../store/records.js';
import { sql } from '../store/store.js';

/**
 * Smart OTP cards (ISSUER-API.md "Smart OTP card", v1.1 "the rest of a device's life"): a card is
 * one physical thing with one holder; each institution where it is used keeps its own device
 * record of it. One Smart OTP per customer per institution. Individuals and sole proprietors alike
 * may hold one.
 *
 * An issuance hands a card from stock to the customer for its fee (fees.ts). A replacement hands
 * one over in place of the holder's card registered here: the old card's records turn REPLACED at
 * every institution (a LOST one stays LOST, as does the card: a loss is not undone by a
 * replacement), the old card itself REVOKED with `replacedBy`, and the customer registers the new
 * card again where the old one was in use (`reregisterAt`). "This branch's stock" is the cards
 * IN_STOCK received at this institution and branch (X-Branch-Code; stock.ts).
 * Every hand-over and registration texts the customer (notifications.ts).
 */

export const cardLookup: Rule<'cardLookup'> = (env, { body }) => {
  const card = requireCard(env, body.vendorCode, body.serial);
  const told = body.customerRef !== undefined && card.holder_ref !== null;
  return {
    status: card.status,
    issuingInstitutionCode: card.issuing_institution,
    ...(told && { holderMatches: card.holder_ref === body.customerRef }),
    ...(card.replaced_by_vendor_code !== null && card.replaced_by_serial !== null && {
      replacedBy: { vendorCode: card.replaced_by_vendor_code, maskedSerial: maskSerial(card.replaced_by_serial) },
    }),
  };
};

/** A card from this institution's stock, handed to the customer at the counter, for its fee or waived. */
export const issueCard: Rule<'issueCard'> = (env, { body }) => {
  const customer = identifiedCustomer(env, body);
  const card = requireInStock(env, body.vendorCode, body.serial);
  requireNoSmartOtpHere(env, customer);
  const fee = feeFor({ code: 'SMART_OTP_ISSUE' }, body.fee, env.now);
  const device = handOver(env, customer, card);
  recordIssuance(env, { kind: 'ISSUE', card, device, fee, waiverReason: body.fee?.waiverReason });
  return { ...deviceView(device), fee, notified: notifyCustomer(env, customer.customer_ref, 'ISSUANCE', { device }) };
};

/** 타기관 등록: a card issued (and held) elsewhere gets a device record at this institution too. */
export const registerCard: Rule<'registerCard'> = (env, { body }) => {
  const customer = identifiedCustomer(env, body);
  const card = requireCard(env, body.vendorCode, body.serial);
  if (card.status !== 'ACTIVE') throw refuse(409, 'CARD_NOT_USABLE', 'The card is not in use (in stock, lost or revoked)', { status: card.status });
  if (card.holder_ref !== customer.customer_ref) throw refuse(403, 'HOLDER_MISMATCH', 'The card belongs to someone else');
  if (card.issuing_institution === env.terminal.institutionCode) {
    throw refuse(409, 'ALREADY_REGISTERED_AT_INSTITUTION', 'The card was issued here and is registered here already');
  }
  requireNoSmartOtpHere(env, customer);
  const device = insertCardDevice(env, customer, card);
  return { ...deviceView(device), notified: notifyCustomer(env, customer.customer_ref, 'CARD_REGISTRATION', { device }) };
};

/**
 * A card from stock in place of the holder's card registered here. Checks, in order: the customer
 * (404), the identity check (403 IDENTITY_CHECK_INVALID), the old device (404 DEVICE_NOT_FOUND; not a
 * card: 409 INVALID_DEVICE_STATE), registered here (409 NOT_REGISTERED_HERE), the customer's
 * (403 HOLDER_MISMATCH), ACTIVE, RESTRICTED or LOST (409 INVALID_DEVICE_STATE), the new card
 * (404 CARD_NOT_FOUND, 409 CARD_NOT_IN_STOCK), then the fee (422 FEE_MISMATCH, WAIVER_NOT_APPLICABLE).
 */
export const replaceCard: Rule<'replaceCard'> = (env, { body }) => {
  const customer = identifiedCustomer(env, body);
  const old = requireDevice(env, body.oldDeviceId);
  if (old.kind !== 'SMART_OTP' || old.card_vendor_code === null || old.card_serial === null) {
    throw refuse(409, 'INVALID_DEVICE_STATE', 'Only a Smart OTP card is replaced', { status: old.status, kind: old.kind });
  }
  if (old.institution_code !== env.terminal.institutionCode) {
    throw refuse(409, 'NOT_REGISTERED_HERE', 'The card is replaced where it is registered', { institutionCode: old.institution_code });
  }
  if (old.customer_ref !== customer.customer_ref) throw refuse(403, 'HOLDER_MISMATCH', 'The card belongs to someone else');
  if (!REPLACEABLE.includes(old.status)) throw refuse(409, 'INVALID_DEVICE_STATE', 'Not allowed in the device’s current state', { status: old.status });
  const card = requireInStock(env, body.vendorCode, body.serial);
  const oldCard = requireCard(env, old.card_vendor_code, old.card_serial);
  const fee = feeFor({ code: 'SMART_OTP_REPLACE', reason: body.reason, oldCardIssuedAt: oldCard.issued_at }, body.fee, env.now);

  const reregisterAt = whereInUse(env, oldCard).filter((code) => code !== env.terminal.institutionCode);
  retire(env, oldCard, card);
  const device = handOver(env, customer, card);
  recordIssuance(env, { kind: 'REPLACE', card, device, fee, waiverReason: body.fee?.waiverReason, old, reason: body.reason });
  return {
    deviceId: device.device_id,
    oldDeviceId: old.device_id,
    reregisterAt,
    fee,
    notified: notifyCustomer(env, customer.customer_ref, 'REPLACEMENT', { device }),
  };
};

const REPLACEABLE: readonly DeviceStatus[] = ['ACTIVE', 'RESTRICTED', 'LOST'];

function identifiedCustomer(env: Env, body: { customerRef: string; identityCheckId: string }): CustomerRow {
  const customer = requireCustomer(env, body.customerRef);
  requireIdentityCheck(env, body.identityCheckId, customer.customer_ref);
  return customer;
}

/** 404 CARD_NOT_FOUND, or 409 CARD_NOT_IN_STOCK unless the card is IN_STOCK at this institution and branch. */
export function requireInStock(env: Env, vendorCode: string, serial: string): CardRow {
  const card = requireCard(env, vendorCode, serial);
  const here = card.issuing_institution === env.terminal.institutionCode && card.branch_code === env.terminal.branchCode;
  if (card.status !== 'IN_STOCK' || !here) throw refuse(409, 'CARD_NOT_IN_STOCK', 'The card is not in this branch’s stock', { status: card.status });
  return card;
}

/**
 * A customer has at most one Smart OTP (in any state but REPLACED or REVOKED) per institution. A
 * LOST record of a card replaced since does not count: its holder has the new card to register.
 */
function requireNoSmartOtpHere(env: Env, customer: CustomerRow): void {
  const existing = sql(
    env.db,
    `SELECT 1 FROM devices d WHERE d.customer_ref = ? AND d.institution_code = ? AND d.kind = 'SMART_OTP'
       AND d.status IN ('PENDING', 'ACTIVE', 'RESTRICTED', 'LOST')
       AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.vendor_code = d.card_vendor_code AND c.serial = d.card_serial
                         AND c.replaced_by_serial IS NOT NULL)`,
  ).get(customer.customer_ref, env.terminal.institutionCode);
  if (existing) throw refuse(409, 'ALREADY_REGISTERED_AT_INSTITUTION', 'The customer already has a Smart OTP at this institution');
}

/**
 * Where the card is in use: its records ACTIVE or RESTRICTED, or LOST from one of those (a lost
 * card's registrations are what its holder has to make again with the new card).
 */
function whereInUse(env: Env, card: CardRow): string[] {
  const inUse = (status: DeviceStatus | null) => status === 'ACTIVE' || status === 'RESTRICTED';
  const records = liveRecordsOf(env, card).filter((r) => inUse(r.status) || (r.status === 'LOST' && inUse(r.status_before_loss)));
  return [...new Set(records.map((r) => r.institution_code))];
}

/** The old card, replaced by `by`: its ACTIVE and RESTRICTED records REPLACED everywhere, the card REVOKED (a LOST card stays LOST). */
function retire(env: Env, old: CardRow, by: CardRow): void {
  sql(
    env.db,
    "UPDATE devices SET status = 'REPLACED' WHERE card_vendor_code = ? AND card_serial = ? AND status IN ('ACTIVE', 'RESTRICTED')",
  ).run(old.vendor_code, old.serial);
  sql(
    env.db,
    `UPDATE cards SET status = CASE status WHEN 'LOST' THEN 'LOST' ELSE 'REVOKED' END, replaced_by_vendor_code = ?, replaced_by_serial = ?
     WHERE vendor_code = ? AND serial = ?`,
  ).run(by.vendor_code, by.serial, old.vendor_code, old.serial);
}

/** A card from stock becomes the customer's, issued now, with its device record here. */
function handOver(env: Env, customer: CustomerRow, card: CardRow): DeviceRow {
  sql(env.db, "UPDATE cards SET status = 'ACTIVE', holder_ref = ?, issued_at = ? WHERE vendor_code = ? AND serial = ?").run(
    customer.customer_ref, env.now.toISOString(), card.vendor_code, card.serial,
  );
  return insertCardDevice(env, customer, card);
}

function recordIssuance(
  env: Env,
  issuance: { kind: 'ISSUE' | 'REPLACE'; card: CardRow; device: DeviceRow; fee: FeeCharged; waiverReason: string | undefined; old?: DeviceRow; reason?: string },
): void {
  sql(
    env.db,
    `INSERT INTO card_issuances (issuance_ref, kind, vendor_code, serial, customer_ref, device_id, old_device_id, reason, fee_code, fee_amount,
       fee_waiver_reason, institution_code, branch_code, issued_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    newId('iss'), issuance.kind, issuance.card.vendor_code, issuance.card.serial, issuance.device.customer_ref, issuance.device.device_id,
    issuance.old?.device_id ?? null, issuance.reason ?? null, issuance.fee.code, issuance.fee.amount,
    issuance.fee.waived ? (issuance.waiverReason ?? null) : null,
    env.terminal.institutionCode, env.terminal.branchCode, sessionOf(env).staffId, env.now.toISOString(),
  );
}

function insertCardDevice(env: Env, customer: CustomerRow, card: CardRow) {
  return insertDevice(env, {
    device_id: newId('dev'),
    kind: 'SMART_OTP',
    status: 'ACTIVE',
    institution_code: env.terminal.institutionCode,
    customer_ref: customer.customer_ref,
    card_vendor_code: card.vendor_code,
    card_serial: card.serial,
  });
}
