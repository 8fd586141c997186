import { randomUUID } from 'node:crypto';
import type { IssuerRequest, IssuerResponse, SandboxOperation } from '../../issuer-api/endpoints.js';
import type { TerminalIdentity } from '../../issuer-api/schemas.js';
import { maskMobile } from '../../issuer-api/domain.js';
import { ConsoleError } from '../app/errors.js';
import type { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';

/**
 * The training panel's customer phone: in training mode the sandbox plays the phone (SMS inbox,
 * the Digital OTP app) and the clock, so a trainer can walk a whole registration alone. On a
 * console connected to the production issuer every call is refused with TRAINING_ONLY.
 */
export class TrainingPhone {
  constructor(
    private readonly sandbox: SandboxIssuer | null,
    private readonly terminal: TerminalIdentity,
  ) {}

  /** The phone's inbox, by its registration or by a number; the number goes back masked. */
  async smsOutbox(phone: { registrationId: string } | { mobileNumber: string }) {
    const { mobileNumber, messages } =
      'registrationId' in phone
        ? await this.call('registrationSms', { params: { registrationId: phone.registrationId } })
        : { mobileNumber: phone.mobileNumber, ...(await this.call('smsOutbox', { query: { mobileNumber: phone.mobileNumber } })) };
    return { maskedMobile: maskMobile(mobileNumber), messages: messages.map(({ text, sentAt }) => ({ text, sentAt })) };
  }

  async activateApp(appRegistrationCode: string, rooted: boolean) {
    // Each activation is a different phone, as when a customer changes handsets.
    const phoneDeviceId = `training-phone-${randomUUID().slice(0, 8)}`;
    const { deviceId } = await this.call('activateApp', { body: { appRegistrationCode, phoneDeviceId, rooted } });
    return { deviceId };
  }

  currentOtp(deviceId: string) {
    return this.call('appOtp', { body: { deviceId } });
  }

  useOtp(deviceId: string, otp: string) {
    return this.call('appAuthenticate', { body: { deviceId, otp } });
  }

  clock() {
    if (!this.sandbox) throw trainingOnly();
    return { now: this.sandbox.clock().toISOString() };
  }

  advanceClock(minutes: number) {
    return this.call('advanceClock', { body: { advanceSeconds: minutes * 60 } });
  }

  reset() {
    return this.call('reset', { body: {} });
  }

  private async call<Op extends SandboxOperation>(op: Op, request: IssuerRequest<Op>): Promise<IssuerResponse<Op>> {
    if (!this.sandbox) throw trainingOnly();
    return this.sandbox.handle(op, request, { terminal: this.terminal });
  }
}

const trainingOnly = () => new ConsoleError('TRAINING_ONLY', 'Only in training mode');
