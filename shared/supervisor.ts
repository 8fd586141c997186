import { z } from 'zod';
import { IdSchema } from '../issuer-api/domain.js';
import {
  ApprovalResponseSchema,
  DayEndReopenRequestSchema,
  DayEndRequestSchema,
  ReplacementRequestSchema,
  StockDisposalRequestSchema,
  StockReceiptRequestSchema,
  UnlockRequestSchema,
} from '../issuer-api/schemas.js';

/**
 * The one request a supervisor approves, exactly as the console will send it: the approval is
 * bound to its digest (ISSUER-API.md "Staff"), so a changed reason needs a new approval.
 */
export const ApprovedRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('DEVICE_UNLOCK'), deviceId: IdSchema, reason: UnlockRequestSchema.shape.reason, identityCheckId: IdSchema }).strict(),
  z.object({ action: z.literal('LOSS_REPORT_RELEASE'), deviceId: IdSchema }).strict(),
  // A replacement's fee waived at the supervisor's discretion: `deviceId` is the card being replaced.
  z.object({ action: z.literal('FEE_WAIVER'), deviceId: IdSchema, replacement: ReplacementRequestSchema.omit({ oldDeviceId: true }) }).strict(),
  // The branch's jobs, which have no customer: each carries the issuer's request body as it will be sent.
  z.object({ action: z.literal('STOCK_RECEIPT'), receipt: StockReceiptRequestSchema }).strict(),
  z.object({ action: z.literal('STOCK_DISPOSAL'), disposal: StockDisposalRequestSchema }).strict(),
  z.object({ action: z.literal('DAY_END_CLOSE'), close: DayEndRequestSchema }).strict(),
  z.object({ action: z.literal('DAY_END_REOPEN'), reopen: DayEndReopenRequestSchema }).strict(),
]);
export type ApprovedRequest = z.infer<typeof ApprovedRequestSchema>;

/** A supervisor's approval as the console holds it: bound to one request, for a short time, once. */
export type Approval = z.infer<typeof ApprovalResponseSchema>;

type Replacement = z.output<typeof ReplacementRequestSchema>;

/**
 * A card replacement exactly as the console sends it to the issuer. The FEE_WAIVER approval is
 * digested from this same shape, so the approved request and the one sent cannot differ.
 */
export function replacementRequest(r: Replacement): Replacement {
  const { customerRef, identityCheckId, oldDeviceId, reason, vendorCode, serial, fee } = r;
  return {
    customerRef, identityCheckId, oldDeviceId, reason, vendorCode, serial,
    ...(fee && { fee: { code: fee.code, amount: fee.amount, ...(fee.waiverReason && { waiverReason: fee.waiverReason }) } }),
  };
}
