import { z } from 'zod';
import { CodeSchema } from './rule-codes.js';

/** Every refusal the issuer may answer (ISSUER-API.md "Conventions"), and the body it comes in. */
export const ISSUER_ERROR_CODES = [
  // request shape and headers (over HTTP, checked in this order: BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE,
  // BODY_TOO_LARGE, MALFORMED_JSON; ISSUER-API.md v1.1 "fine print")
  /** A malformed path or query. */
  'BAD_REQUEST',
  /** A POST body that is not `application/json`. */
  'UNSUPPORTED_MEDIA_TYPE',
  /** A request body over 64 KiB. */
  'BODY_TOO_LARGE',
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'NOT_FOUND',
  'MISSING_TERMINAL_HEADERS',
  'IDEMPOTENCY_KEY_REUSED',
  'REQUEST_NOT_FOUND',
  'INTERNAL_ERROR',
  // staff and approvals
  'INVALID_CREDENTIALS',
  'STAFF_LOCKED',
  'UNAUTHENTICATED',
  /** The session was ended by the issuer: its staff account became STAFF_LOCKED (ISSUER-API.md v1.1). */
  'SESSION_ENDED',
  'NOT_A_SUPERVISOR',
  'SELF_APPROVAL',
  'APPROVAL_REQUIRED',
  'APPROVAL_INVALID',
  // customers
  'IDENTITY_CHECK_INVALID',
  'CUSTOMER_NOT_FOUND',
  'NOT_ELIGIBLE',
  // Digital OTP registration
  'MOBILE_NOT_ON_RECORD',
  'REGISTRATION_NOT_FOUND',
  'INVALID_REGISTRATION_STATE',
  'SMS_CODE_EXPIRED',
  'SMS_CODE_MISMATCH',
  'TOO_MANY_ATTEMPTS',
  'RESEND_LIMIT_REACHED',
  'APP_CODE_INVALID',
  'DEVICE_INTEGRITY_FAILED',
  // devices and cards
  'DEVICE_NOT_FOUND',
  'INVALID_DEVICE_STATE',
  'OTP_MISMATCH',
  'DEVICE_RESTRICTED',
  'DEVICE_LOST',
  'CARD_NOT_FOUND',
  'CARD_NOT_IN_STOCK',
  'CARD_NOT_USABLE',
  'HOLDER_MISMATCH',
  'ALREADY_REGISTERED_AT_INSTITUTION',
  // the rest of a device's life (ISSUER-API.md v1.1)
  /** A card's device record of another institution: it is ended or replaced only where it is registered. */
  'NOT_REGISTERED_HERE',
  /** The device was terminated: it is of no use anywhere any more. */
  'DEVICE_REVOKED',
  /** A fee that is neither the table's amount nor 0 with a waiver reason, or of another job's code. */
  'FEE_MISMATCH',
  /** DEFECT_WITHIN_1_YEAR for anything but a DAMAGED card issued less than 365 days ago. */
  'WAIVER_NOT_APPLICABLE',
  /** A customer has at most 3 mobile numbers on record. */
  'TOO_MANY_NUMBERS',
  /** The number is on another customer's record. */
  'MOBILE_IN_USE',
  'MOBILE_ALREADY_ON_RECORD',
  /** `replaces` names no number on record, or two with the same mask. */
  'REPLACES_AMBIGUOUS',
  // journal anchors (ISSUER-API.md v1.1 "the branch")
  /** An anchor whose `seq` is below the terminal's latest one. */
  'ANCHOR_REGRESSION',
  /** An anchor at a `seq` already anchored with another hash. */
  'ANCHOR_MISMATCH',
  /** The terminal has never anchored its journal. */
  'NO_ANCHOR',
  // the terminal's business day (ISSUER-API.md v1.1 "the branch")
  /** A day-end for a date that is not today in Asia/Seoul (sandbox clock). */
  'WRONG_BUSINESS_DATE',
  /** The terminal's day is closed: no teller's job until the next business date or a reopen. */
  'TERMINAL_CLOSED',
  /** A reopen when the terminal's day is not closed. */
  'TERMINAL_NOT_CLOSED',
  // the branch's stock (ISSUER-API.md v1.1 "the branch")
  /** A stock receipt of more than 1,000 cards. */
  'RANGE_TOO_LARGE',
  /** A card of the receipt is known to the issuer already (anywhere): nothing was received. */
  'CARD_ALREADY_EXISTS',
] as const;
export const IssuerErrorCodeSchema = z.enum(ISSUER_ERROR_CODES);
export type IssuerErrorCode = z.infer<typeof IssuerErrorCodeSchema>;

export const IssuerErrorBodySchema = z.object({
  error: z.object({
    code: CodeSchema,
    message: z.string(),
    retryable: z.boolean(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
});
export type IssuerErrorBody = z.infer<typeof IssuerErrorBodySchema>;

/** An error answered by the issuer, with its stable code (ISSUER-API.md "Conventions"). */
export class IssuerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable = false,
    readonly details?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = 'IssuerError';
  }
}
