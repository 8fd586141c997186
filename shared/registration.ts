import { z } from 'zod';
import { IdempotencyKeySchema, IdSchema, MaskedMobileSchema, MobileNumberSchema, OtpSchema, SmsCodeSchema } from '../issuer-api/domain.js';

/**
 * The Digital OTP registration wizard's channels. Every action carries an idempotency key made
 * once per action by the renderer and sent again on a retry, so a retry never sends a second SMS
 * or issues a second code.
 */

export const StartRegistrationInputSchema = z
  .object({
    customerRef: IdSchema,
    identityCheckId: IdSchema,
    /** A masked number on record as chosen, or one typed in full. */
    mobileNumber: z.union([MaskedMobileSchema, MobileNumberSchema]),
    idempotencyKey: IdempotencyKeySchema,
  })
  .strict();

export const RegistrationActionInputSchema = z.object({ registrationId: IdSchema, idempotencyKey: IdempotencyKeySchema }).strict();
export const VerifySmsInputSchema = RegistrationActionInputSchema.extend({ code: SmsCodeSchema }).strict();
export const OtpCheckInputSchema = z.object({ deviceId: IdSchema, otp: OtpSchema }).strict();
