import { z } from 'zod';
import { IdempotencyKeySchema, IdSchema, MaskedMobileSchema, MaskedRrnSchema, SerialSchema, VendorCodeSchema } from '../issuer-api/domain.js';
import { CardLookupResponseSchema, CustomerTypeSchema, DeviceSchema, IdentityCheckRequestSchema } from '../issuer-api/schemas.js';

/** The identity check as the teller types it: the issuer's request, with the same rules. */
export const IdentifyInputSchema = IdentityCheckRequestSchema;

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
 * A loss report as the teller confirms it. The renderer makes the idempotency key once per
 * confirmation and sends the same key again if the teller retries after a failure, so a report
 * is filed once however often the button is pressed.
 */
export const ReportLossInputSchema = z
  .object({
    customerRef: IdSchema,
    deviceId: IdSchema,
    reason: z.enum(['LOST', 'STOLEN']),
    note: z.string().trim().max(200).optional(),
    idempotencyKey: IdempotencyKeySchema,
  })
  .strict();

export const ReportLossOutputSchema = z.object({ reportRef: z.string(), reportedAt: z.iso.datetime(), device: DeviceSchema });
export type ReportLossOutput = z.infer<typeof ReportLossOutputSchema>;


export const CardLookupInputSchema = z
  .object({ customerRef: IdSchema, vendorCode: VendorCodeSchema, serial: SerialSchema })
  .strict();
export const CardLookupOutputSchema = CardLookupResponseSchema.extend({ ourInstitutionCode: z.string() });

export const CardEnrollInputSchema = CardLookupInputSchema.extend({
  identityCheckId: IdSchema,
  action: z.enum(['ISSUE', 'REGISTER']),
  idempotencyKey: IdempotencyKeySchema,
}).strict();
