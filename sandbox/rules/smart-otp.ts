import { newId, refuse, type Env, type Rule } from './context.js';
import { requireIdentityCheck } from './identity.js';
import { deviceView, insertDevice, requireCard, requireCustomer, type CardRow, type CustomerRow } from '../store/records.js';
import { sql } from '../store/store.js';

/**
 * Smart OTP cards (ISSUER-API.md "Smart OTP card"): a card is one physical thing with one holder;
 * each institution where it is used keeps its own device record of it. One Smart OTP per customer
 * per institution. Individuals and sole proprietors alike may hold one.
 */

export const cardLookup: Rule<'cardLookup'> = (env, { body }) => {
  const card = requireCard(env, body.vendorCode, body.serial);
  const told = body.customerRef !== undefined && card.holder_ref !== null;
  return {
    status: card.status,
    issuingInstitutionCode: card.issuing_institution,
    ...(told && { holderMatches: card.holder_ref === body.customerRef }),
  };
};

/** A card from this institution's stock, handed to the customer at the counter. */
export const issueCard: Rule<'issueCard'> = (env, { body }) => {
  const customer = identifiedCustomer(env, body);
  const card = requireCard(env, body.vendorCode, body.serial);
  if (card.status !== 'IN_STOCK' || card.issuing_institution !== env.terminal.institutionCode) {
    throw refuse(409, 'CARD_NOT_IN_STOCK', 'The card is not in this institution’s stock', { status: card.status });
  }
  requireNoSmartOtpHere(env, customer);
  sql(env.db, "UPDATE cards SET status = 'ACTIVE', holder_ref = ? WHERE vendor_code = ? AND serial = ?").run(
    customer.customer_ref, card.vendor_code, card.serial,
  );
  return deviceView(insertCardDevice(env, customer, card));
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
  return deviceView(insertCardDevice(env, customer, card));
};

function identifiedCustomer(env: Env, body: { customerRef: string; identityCheckId: string }): CustomerRow {
  const customer = requireCustomer(env, body.customerRef);
  requireIdentityCheck(env, body.identityCheckId, customer.customer_ref);
  return customer;
}

/** A customer has at most one Smart OTP (in any state but REPLACED or REVOKED) per institution. */
function requireNoSmartOtpHere(env: Env, customer: CustomerRow): void {
  const existing = sql(
    env.db,
    `SELECT 1 FROM devices WHERE customer_ref = ? AND institution_code = ? AND kind = 'SMART_OTP'
       AND status IN ('PENDING', 'ACTIVE', 'RESTRICTED', 'LOST')`,
  ).get(customer.customer_ref, env.terminal.institutionCode);
  if (existing) throw refuse(409, 'ALREADY_REGISTERED_AT_INSTITUTION', 'The customer already has a Smart OTP at this institution');
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
