import { z } from 'zod';
import { IdSchema } from '../issuer-api/domain.js';
import { ApprovalResponseSchema, UnlockRequestSchema } from '../issuer-api/schemas.js';

/**
 * The one request a supervisor approves, exactly as the console will send it: the approval is
 * bound to its digest (ISSUER-API.md "Staff"), so a changed reason needs a new approval.
 */
export const ApprovedRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('DEVICE_UNLOCK'), deviceId: IdSchema, reason: UnlockRequestSchema.shape.reason, identityCheckId: IdSchema }).strict(),
  z.object({ action: z.literal('LOSS_REPORT_RELEASE'), deviceId: IdSchema }).strict(),
]);
export type ApprovedRequest = z.infer<typeof ApprovedRequestSchema>;

/** A supervisor's approval as the console holds it: bound to one request, for a short time, once. */
export type Approval = z.infer<typeof ApprovalResponseSchema>;
