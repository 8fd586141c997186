import type { FeeCharged, FeeCode, FeeRequest, Fees, ReplacementReason } from '../../issuer-api/schemas.js';
import { refuse, type Rule } from './context.js';

/**
 * Fees (ISSUER-API.md v1.1 "Fees"): the sandbox's fee table, and the one check of the fee a teller
 * charges on an issuance or a replacement. In order: absent → the table's full amount; a fee of
 * another job's code → 422 FEE_MISMATCH; a waiver reason → the amount must be 0 (else
 * FEE_MISMATCH), and DEFECT_WITHIN_1_YEAR is only for replacing a DAMAGED card issued less than 365
 * days ago (else 422 WAIVER_NOT_APPLICABLE); no waiver reason → the table's amount exactly (else
 * FEE_MISMATCH). SUPERVISOR_DISCRETION needs a FEE_WAIVER approval: the dispatcher checks it before
 * the rule runs (the endpoint's `approvalWhen`) and spends it only when the job succeeds.
 */

export const FEE_TABLE: Fees = {
  currency: 'KRW',
  items: [
    { code: 'SMART_OTP_ISSUE', amount: 5000 },
    { code: 'SMART_OTP_REPLACE', amount: 5000 },
    { code: 'DIGITAL_OTP_REGISTER', amount: 0 },
  ],
  waiverReasons: ['DEFECT_WITHIN_1_YEAR', 'SUPERVISOR_DISCRETION'],
};

/** "Less than a year" on the sandbox clock (v1.1 "fine print"). */
export const DEFECT_WAIVER_DAYS = 365;

export const fees: Rule<'fees'> = () => FEE_TABLE;

const amountOf = (code: FeeCode) => FEE_TABLE.items.find((item) => item.code === code)?.amount ?? 0;

/** What the job is, as far as a waiver cares: an issuance, or a replacement of a card issued at `oldCardIssuedAt`. */
export type FeeJob =
  | { code: 'SMART_OTP_ISSUE' }
  | { code: 'SMART_OTP_REPLACE'; reason: ReplacementReason; oldCardIssuedAt: string | null };

/** The fee the job is charged, or a refusal; see the module comment for the order. */
export function feeFor(job: FeeJob, requested: FeeRequest | undefined, now: Date): FeeCharged {
  const full = amountOf(job.code);
  if (!requested) return { code: job.code, amount: full, waived: false };
  if (requested.code !== job.code) {
    throw refuse(422, 'FEE_MISMATCH', 'The fee is of another job', { expectedCode: job.code });
  }
  if (requested.waiverReason === undefined) {
    if (requested.amount !== full) throw refuse(422, 'FEE_MISMATCH', 'The fee is not the table’s amount', { expectedAmount: full });
    return { code: job.code, amount: full, waived: false };
  }
  if (requested.amount !== 0) throw refuse(422, 'FEE_MISMATCH', 'A waived fee is 0', { expectedAmount: 0 });
  if (requested.waiverReason === 'DEFECT_WITHIN_1_YEAR' && !defectWithinAYear(job, now)) {
    throw refuse(422, 'WAIVER_NOT_APPLICABLE', 'The defect waiver is for a damaged card issued less than a year ago', {
      waiverReason: requested.waiverReason,
    });
  }
  return { code: job.code, amount: 0, waived: true };
}

/** A card whose issue date is unknown (a seed card with no record where it was issued) is not within a year. */
function defectWithinAYear(job: FeeJob, now: Date): boolean {
  if (job.code !== 'SMART_OTP_REPLACE' || job.reason !== 'DAMAGED' || job.oldCardIssuedAt === null) return false;
  return now.getTime() - Date.parse(job.oldCardIssuedAt) < DEFECT_WAIVER_DAYS * 24 * 60 * 60 * 1000;
}
