import type { ChannelArgs } from '../../shared/contract.js';
import { IssuerError } from '../../issuer-api/errors.js';
import type { Issuer } from '../issuer/issuer.js';

const FINISHED = new Set(['ACTIVATED', 'EXPIRED', 'CANCELLED']);

/**
 * Digital OTP registration at the counter (ISSUER-API.md): SMS code, app registration code,
 * activation seen on the issuer, optional first OTP. Thin on purpose: the issuer holds the state;
 * each action passes the renderer's idempotency key through, so a retried action is harmless.
 */
export class DigitalOtpRegistration {
  /** Registrations started at this counter and not yet finished, by the staff token that started them. */
  private readonly open = new Map<string, string>();

  constructor(private readonly issuer: Issuer) {}

  async start({ customerRef, identityCheckId, mobileNumber, idempotencyKey }: ChannelArgs<'otp.start'>, token: string) {
    const started = await this.issuer.call('startRegistration', { body: { customerRef, identityCheckId, mobileNumber } }, { token, idempotencyKey });
    this.open.set(started.registrationId, token);
    return started;
  }

  /** The registrations a session leaves open: cancelled when another teller takes the counter over. */
  openOf(token: string): string[] {
    return [...this.open].filter(([, owner]) => owner === token).map(([registrationId]) => registrationId);
  }

  /** The same staff member goes on with a new token (an unlock): their open registrations go with them. */
  handOver(from: string, to: string): void {
    for (const registrationId of this.openOf(from)) this.open.set(registrationId, to);
  }

  resendSms({ registrationId, idempotencyKey }: ChannelArgs<'otp.resendSms'>, token: string) {
    return this.issuer.call('resendSms', { params: { registrationId }, body: {} }, { token, idempotencyKey });
  }

  async verifySms({ registrationId, code, idempotencyKey }: ChannelArgs<'otp.verifySms'>, token: string) {
    try {
      return await this.issuer.call('verifySms', { params: { registrationId }, body: { code } }, { token, idempotencyKey });
    } catch (error) {
      // The fifth wrong code cancels the registration at the issuer.
      if (error instanceof IssuerError && error.code === 'TOO_MANY_ATTEMPTS') this.open.delete(registrationId);
      throw error;
    }
  }

  /** Once the customer holds an app code the registration is theirs to finish on the phone: no session end cancels it (the worklist follows it up). */
  async issueAppCode({ registrationId, idempotencyKey }: ChannelArgs<'otp.issueAppCode'>, token: string) {
    const issued = await this.issuer.call('issueAppCode', { params: { registrationId }, body: {} }, { token, idempotencyKey });
    this.open.delete(registrationId);
    return issued;
  }

  async status(registrationId: string, token: string) {
    const registration = await this.issuer.call('registration', { params: { registrationId } }, { token });
    if (FINISHED.has(registration.status)) this.open.delete(registrationId);
    return registration;
  }

  async cancel({ registrationId, idempotencyKey }: ChannelArgs<'otp.cancel'>, token: string) {
    const cancelled = await this.issuer.call('cancelRegistration', { params: { registrationId }, body: {} }, { token, idempotencyKey });
    this.open.delete(registrationId);
    return cancelled;
  }

  checkOtp({ deviceId, otp }: ChannelArgs<'otp.checkOtp'>, token: string) {
    return this.issuer.call('otpCheck', { params: { deviceId }, body: { otp } }, { token });
  }
}
