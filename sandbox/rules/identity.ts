import { maskMobile, maskRrn } from '../../issuer-api/domain.js';
import { hasExpired, newId, pathParam, refuse, secondsAfter, type Env, type Rule } from './context.js';
import { deviceView, mobilesOf, requireCustomer, type CustomerRow, type DeviceRow } from '../store/records.js';
import { rrnLookup, sql } from '../store/store.js';

/**
 * Customers and identity (ISSUER-API.md "Customers and identity"): the ID authenticity check that
 * every registration call needs, and a customer's devices. A full RRN is never stored: a check
 * keeps only its result and the customer it found.
 */

/** How long a VERIFIED check may back a registration, issuance or unlock. */
export const IDENTITY_CHECK_SECONDS = 30 * 60;

type CheckResult = 'VERIFIED' | 'MISMATCH' | 'DOCUMENT_REPORTED_LOST';

export const identityCheck: Rule<'identityCheck'> = (env, { body }) => {
  const customer = matchCustomer(env, body);
  const result: CheckResult = !customer ? 'MISMATCH' : customer.document_reported_lost ? 'DOCUMENT_REPORTED_LOST' : 'VERIFIED';
  const checkId = newId('chk');
  const verified = result === 'VERIFIED' ? customer : undefined;
  sql(env.db, 'INSERT INTO identity_checks (check_id, customer_ref, result, created_at) VALUES (?, ?, ?, ?)').run(
    checkId, verified?.customer_ref ?? null, result, env.now.toISOString(),
  );
  if (!verified) {
    // Nothing about the customer (if any) leaks from a failed check: only what was typed, masked.
    return { checkId, result, name: body.name, maskedRrn: maskRrn(body.rrn), mobileNumbers: [] };
  }
  return {
    checkId,
    result,
    customerRef: verified.customer_ref,
    customerType: verified.customer_type,
    name: verified.name,
    maskedRrn: verified.rrn_masked,
    mobileNumbers: mobilesOf(env, verified.customer_ref).map(maskMobile),
  };
};

/** The customer whose name, RRN, document type and issue date all match (the document number is not checked). */
function matchCustomer(
  env: Env,
  typed: { name: string; rrn: string; document: { type: string; issueDate: string } },
): CustomerRow | undefined {
  const customer = sql(env.db, 'SELECT * FROM customers WHERE rrn_lookup = ?').get(rrnLookup(env.db, typed.rrn)) as CustomerRow | undefined;
  const matches =
    customer !== undefined &&
    customer.name === typed.name &&
    customer.document_type === typed.document.type &&
    customer.document_issue_date === typed.document.issueDate;
  return matches ? customer : undefined;
}

interface CheckRow {
  check_id: string;
  customer_ref: string | null;
  result: CheckResult;
  created_at: string;
}

/** 403 IDENTITY_CHECK_INVALID unless the check is VERIFIED, of this customer, and under 30 minutes old. */
export function requireIdentityCheck(env: Env, checkId: string, customerRef: string): void {
  const reason = whyNotUsable(env, findCheck(env, checkId), customerRef);
  if (reason) throw refuse(403, 'IDENTITY_CHECK_INVALID', 'The identity check cannot back this call', { reason });
}

/**
 * For a job the holder of a device asks for (a termination): a usable check (VERIFIED, under 30
 * minutes old: else 403 IDENTITY_CHECK_INVALID) of someone else than the holder is
 * 403 HOLDER_MISMATCH (ISSUER-API.md v1.1: "the identity check must be the holder's").
 */
export function requireHolderCheck(env: Env, checkId: string, holderRef: string): void {
  const check = findCheck(env, checkId);
  const reason = whyNotUsable(env, check, null);
  if (reason) throw refuse(403, 'IDENTITY_CHECK_INVALID', 'The identity check cannot back this call', { reason });
  if (check?.customer_ref !== holderRef) throw refuse(403, 'HOLDER_MISMATCH', 'The identity check is not of the device’s holder');
}

const findCheck = (env: Env, checkId: string) =>
  sql(env.db, 'SELECT * FROM identity_checks WHERE check_id = ?').get(checkId) as CheckRow | undefined;

/** Why a check cannot back a call, or null; `customerRef` null: whoever's it is. */
function whyNotUsable(env: Env, check: CheckRow | undefined, customerRef: string | null) {
  if (!check) return 'UNKNOWN';
  if (check.result !== 'VERIFIED') return 'NOT_VERIFIED';
  if (customerRef !== null && check.customer_ref !== customerRef) return 'OTHER_CUSTOMER';
  if (hasExpired(secondsAfter(new Date(check.created_at), IDENTITY_CHECK_SECONDS), env.now)) return 'EXPIRED';
  return null;
}

/** Every device of the customer, at every institution. */
export const devices: Rule<'devices'> = (env, { params }) => {
  const customer = requireCustomer(env, pathParam(params.customerRef));
  const rows = sql(env.db, 'SELECT * FROM devices WHERE customer_ref = ? ORDER BY registered_at, device_id').all(
    customer.customer_ref,
  ) as DeviceRow[];
  return { devices: rows.map(deviceView) };
};
