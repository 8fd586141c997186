import { z } from 'zod';
import { ApprovalResponseSchema, UnlockRequestSchema } from '../issuer-api/schemas.js';
import { PasswordSchema, StaffIdSchema } from './staff.js';

const Id = z.string().min(1).max(64);

/**
 * The one request a supervisor approves, exactly as the console will send it: the approval is
 * bound to its digest (ISSUER-API.md "Staff"), so a changed reason needs a new approval.
 */
export const ApprovedRequestSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('DEVICE_UNLOCK'), deviceId: Id, reason: UnlockRequestSchema.shape.reason, identityCheckId: Id }).strict(),
  z.object({ action: z.literal('LOSS_REPORT_RELEASE'), deviceId: Id }).strict(),
]);
export type ApprovedRequest = z.infer<typeof ApprovedRequestSchema>;

/** The override dialog: a supervisor's ID and password for one named request of this customer. */
export const ApprovalInputSchema = z
  .object({ customerRef: Id, supervisorId: StaffIdSchema, password: PasswordSchema, request: ApprovedRequestSchema })
  .strict();
export type ApprovalInput = z.input<typeof ApprovalInputSchema>;

export const ApprovalOutputSchema = ApprovalResponseSchema;
export type Approval = z.infer<typeof ApprovalOutputSchema>;

/** Unlock a RESTRICTED device: the visit's identity check, a reason and the supervisor's approval. */
export const DeviceUnlockInputSchema = z
  .object({
    customerRef: Id,
    deviceId: Id,
    reason: UnlockRequestSchema.shape.reason,
    identityCheckId: Id,
    approvalToken: z.string().min(16).max(256),
    idempotencyKey: z.uuid(),
  })
  .strict();

/** Release a loss report: the device was found; the supervisor's approval. */
export const LossReleaseInputSchema = z
  .object({ customerRef: Id, deviceId: Id, approvalToken: z.string().min(16).max(256), idempotencyKey: z.uuid() })
  .strict();
