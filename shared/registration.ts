import { z } from 'zod';
import { MaskedMobileSchema, MobileNumberSchema, OtpSchema, SmsCodeSchema } from '../issuer-api/domain.js';

/**
 * The Digital OTP registration wizard's channels. Every action carries an idempotency key made
 * once per action by the renderer and sent again on a retry, so a retry never sends a second SMS
 * or issues a second code.
 */
const Key = z.uuid();
const RegistrationId = z.string().min(1).max(64);

export const StartRegistrationInputSchema = z
  .object({
    customerRef: z.string().min(1).max(64),
    identityCheckId: z.string().min(1).max(64),
    /** A masked number on record as chosen, or one typed in full. */
    mobileNumber: z.union([MaskedMobileSchema, MobileNumberSchema]),
    idempotencyKey: Key,
  })
  .strict();

export const RegistrationActionInputSchema = z.object({ registrationId: RegistrationId, idempotencyKey: Key }).strict();
export const VerifySmsInputSchema = RegistrationActionInputSchema.extend({ code: SmsCodeSchema }).strict();
export const OtpCheckInputSchema = z.object({ deviceId: z.string().min(1).max(64), otp: OtpSchema }).strict();
