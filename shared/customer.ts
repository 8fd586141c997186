import { z } from 'zod';
import { MaskedMobileSchema, MaskedRrnSchema } from '../issuer-api/domain.js';
import { CustomerTypeSchema, DeviceSchema } from '../issuer-api/schemas.js';

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

/** A loss report's receipt: the device as the issuer now holds it. */
/** The issuer's reference, and the journal's receipt number the teller reads to the customer. */
export const ReportLossOutputSchema = z.object({ reportRef: z.string(), receiptNo: z.string(), reportedAt: z.iso.datetime(), device: DeviceSchema });
export type ReportLossOutput = z.infer<typeof ReportLossOutputSchema>;
