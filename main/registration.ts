import type { z } from 'zod';
import type {
  OtpCheckInputSchema,
  RegistrationActionInputSchema,
  StartRegistrationInputSchema,
  VerifySmsInputSchema,
} from '../shared/registration.js';
import type { Issuer } from './issuer/issuer.js';

type Input<S extends z.ZodType> = z.output<S>;

/**
 * Digital OTP registration at the counter (ISSUER-API.md): SMS code, app registration code,
 * activation seen on the issuer, optional first OTP. Thin on purpose: the issuer holds the state;
 * each action passes the renderer's idempotency key through, so a retried action is harmless.
 */
export class DigitalOtpRegistration {
  constructor(private readonly issuer: Issuer) {}

  start({ customerRef, identityCheckId, mobileNumber, idempotencyKey }: Input<typeof StartRegistrationInputSchema>, token: string) {
    return this.issuer.call('startRegistration', { body: { customerRef, identityCheckId, mobileNumber } }, { token, idempotencyKey });
  }

  resendSms({ registrationId, idempotencyKey }: Input<typeof RegistrationActionInputSchema>, token: string) {
    return this.issuer.call('resendSms', { params: { registrationId }, body: {} }, { token, idempotencyKey });
  }

  verifySms({ registrationId, code, idempotencyKey }: Input<typeof VerifySmsInputSchema>, token: string) {
    return this.issuer.call('verifySms', { params: { registrationId }, body: { code } }, { token, idempotencyKey });
  }

  issueAppCode({ registrationId, idempotencyKey }: Input<typeof RegistrationActionInputSchema>, token: string) {
    return this.issuer.call('issueAppCode', { params: { registrationId }, body: {} }, { token, idempotencyKey });
  }

  status(registrationId: string, token: string) {
    return this.issuer.call('registration', { params: { registrationId } }, { token });
  }

  cancel({ registrationId, idempotencyKey }: Input<typeof RegistrationActionInputSchema>, token: string) {
    return this.issuer.call('cancelRegistration', { params: { registrationId }, body: {} }, { token, idempotencyKey });
  }

  checkOtp({ deviceId, otp }: Input<typeof OtpCheckInputSchema>, token: string) {
    return this.issuer.call('otpCheck', { params: { deviceId }, body: { otp } }, { token });
  }
}
