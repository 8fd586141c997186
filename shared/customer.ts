import { z } from 'zod';
import { MaskedMobileSchema, MaskedRrnSchema } from '../issuer-api/domain.js';
import { CustomerTypeSchema, DeviceSchema, ReplacementResponseSchema, TerminationResponseSchema } from '../issuer-api/schemas.js';

/** A verified customer as the counter sees them: masked identity, never the full RRN. */
export const CustomerSchema = z.object({
  customerRef: z.string(),
  customerType: CustomerTypeSchema,
  name: z.string(),
  maskedRrn: MaskedRrnSchema,
  mobileNumbers: z.array(MaskedMobileSchema),
  devices: z.array(DeviceSchema),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const IdentifyOutputSchema = z.object({
  checkId: z.string(),
  result: z.enum(['VERIFIED', 'MISMATCH', 'DOCUMENT_REPORTED_LOST']),
  maskedRrn: MaskedRrnSchema,
  /** The old check digit failed: a warning to show (numbers since 2020-10 have none), never a block. */
  rrnChecksumWarning: z.boolean(),
  /** Only when VERIFIED. */
  customer: CustomerSchema.optional(),
});
export type IdentifyOutput = z.infer<typeof IdentifyOutputSchema>;

/**
 * A loss report's receipt: the issuer's reference, the journal's receipt number the teller reads
 * to the customer, the device as the issuer now holds it, and who was texted about it.
 */
export const ReportLossOutputSchema = z.object({
  reportRef: z.string(),
  receiptNo: z.string(),
  reportedAt: z.iso.datetime(),
  device: DeviceSchema,
  notified: z.array(MaskedMobileSchema),
});
export type ReportLossOutput = z.infer<typeof ReportLossOutputSchema>;

/** A termination's receipt: the issuer's answer, the receipt number, and the device as it now stands (for its kind and mask). */
export const TerminateOutputSchema = TerminationResponseSchema.extend({ receiptNo: z.string(), device: DeviceSchema });
export type TerminateOutput = z.infer<typeof TerminateOutputSchema>;

/** A replacement's slip: the issuer's answer with the old and the new card as they now stand. */
export const ReplaceCardOutputSchema = ReplacementResponseSchema.extend({ receiptNo: z.string(), device: DeviceSchema, oldDevice: DeviceSchema });
export type ReplaceCardOutput = z.infer<typeof ReplaceCardOutputSchema>;
