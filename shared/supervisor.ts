import { z } from 'zod';
import { IdempotencyKeySchema, IdSchema, TokenSchema } from '../issuer-api/domain.js';
import { ApprovalResponseSchema, UnlockRequestSchema } from '../issuer-api/schemas.js';
import { PasswordSchema, StaffIdSchema } from './staff.js';


/**
 * The one request a supervisor approves, exactly as the console will send it: the approval is
 * bound to its digest (ISSUER-API.md "Staff"), so a changed reason needs a new approval.
 */
export const ApprovedRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('DEVICE_UNLOCK'), deviceId: IdSchema, reason: UnlockRequestSchema.shape.reason, identityCheckId: IdSchema }).strict(),
  z.object({ action: z.literal('LOSS_REPORT_RELEASE'), deviceId: IdSchema }).strict(),
]);
export type ApprovedRequest = z.infer<typeof ApprovedRequestSchema>;

/** The override dialog: a supervisor's ID and password for one named request of this customer. */
export const ApprovalInputSchema = z
  .object({ customerRef: IdSchema, supervisorId: StaffIdSchema, password: PasswordSchema, request: ApprovedRequestSchema })
  .strict();
export type ApprovalInput = z.input<typeof ApprovalInputSchema>;

export const ApprovalOutputSchema = ApprovalResponseSchema;
export type Approval = z.infer<typeof ApprovalOutputSchema>;

/** Unlock a RESTRICTED device: the visit's identity check, a reason and the supervisor's approval. */
export const DeviceUnlockInputSchema = z
  .object({
    customerRef: IdSchema,
    deviceId: IdSchema,
    reason: UnlockRequestSchema.shape.reason,
    identityCheckId: IdSchema,
    approvalToken: TokenSchema,
    idempotencyKey: IdempotencyKeySchema,
  })
  .strict();

/** Release a loss report: the device was found; the supervisor's approval. */
export const LossReleaseInputSchema = z
  .object({ customerRef: IdSchema, deviceId: IdSchema, approvalToken: TokenSchema, idempotencyKey: IdempotencyKeySchema })
  .strict();
