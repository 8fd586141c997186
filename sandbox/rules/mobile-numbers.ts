import { maskMobile } from '../../issuer-api/domain.js';
import { pathParam, refuse, type Rule } from './context.js';
import { requireIdentityCheck } from './identity.js';
import { notify } from './notifications.js';
import { holderOfMobile, mobilesOf, requireCustomer } from '../store/records.js';
import { sql } from '../store/store.js';

/**
 * A customer's mobile numbers on record (ISSUER-API.md v1.1 "the rest of a device's life",
 * "Numbers"): a number is added, or takes the place of one on record (`replaces`, masked as the
 * identity check listed it). Checks, in order: the customer (404 CUSTOMER_NOT_FOUND), the identity
 * check, the customer's (403 IDENTITY_CHECK_INVALID), `replaces` naming exactly one number on
 * record (422 REPLACES_AMBIGUOUS), the new number not on the customer's record already
 * (409 MOBILE_ALREADY_ON_RECORD) nor on another customer's (409 MOBILE_IN_USE), and an added
 * number not a 4th (409 TOO_MANY_NUMBERS).
 *
 * An added number texts every number on record and the new one; a replacement texts the replaced
 * number and the new one. A Digital OTP bound to a replaced number keeps working (its device keeps
 * its own number) until the customer registers again; a registration under way keeps its number.
 */

export const MAX_MOBILE_NUMBERS = 3;

export const changeMobileNumbers: Rule<'changeMobileNumbers'> = (env, { params, body }) => {
  const customer = requireCustomer(env, pathParam(params.customerRef));
  requireIdentityCheck(env, body.identityCheckId, customer.customer_ref);
  const onRecord = mobilesOf(env, customer.customer_ref);
  const replaced = body.replaces === undefined ? undefined : theOneMasked(onRecord, body.replaces);
  const mobile = body.mobileNumber;
  if (onRecord.includes(mobile)) throw refuse(409, 'MOBILE_ALREADY_ON_RECORD', 'The number is on the customer’s record already');
  if (holderOfMobile(env, mobile) !== undefined) throw refuse(409, 'MOBILE_IN_USE', 'The number is on another customer’s record');

  let notified;
  if (replaced === undefined) {
    if (onRecord.length >= MAX_MOBILE_NUMBERS) {
      throw refuse(409, 'TOO_MANY_NUMBERS', 'A customer has at most 3 numbers on record', { max: MAX_MOBILE_NUMBERS });
    }
    sql(
      env.db,
      'INSERT INTO customer_mobiles (mobile, customer_ref, position) SELECT ?, ?, coalesce(max(position) + 1, 0) FROM customer_mobiles WHERE customer_ref = ?',
    ).run(mobile, customer.customer_ref, customer.customer_ref);
    notified = notify(env, [...onRecord, mobile], 'NUMBER_ADDED', { mobile });
  } else {
    sql(env.db, 'UPDATE customer_mobiles SET mobile = ? WHERE mobile = ?').run(mobile, replaced);
    notified = notify(env, [replaced, mobile], 'NUMBER_REPLACED', { mobile });
  }
  return { mobileNumbers: mobilesOf(env, customer.customer_ref).map(maskMobile), notified };
};

/** The number on record `masked` names: exactly one, else 422 REPLACES_AMBIGUOUS (none, or two with that mask). */
function theOneMasked(onRecord: readonly string[], masked: string): string {
  const matches = onRecord.filter((mobile) => maskMobile(mobile) === masked);
  if (matches.length !== 1) throw refuse(422, 'REPLACES_AMBIGUOUS', 'replaces must name exactly one number on record', { matches: matches.length });
  return matches[0]!;
}
