import type { ChannelArgs } from '../../shared/contract.js';
import type { ReportLossOutput, TerminateOutput } from '../../shared/customer.js';
import type { Device, Notified } from '../../issuer-api/schemas.js';
import { ConsoleError } from '../app/errors.js';
import type { Issuer } from '../issuer/issuer.js';
import type { HeldApprovals } from '../staff/approvals.js';

/**
 * What happens to a device the customer already has: a loss report and a termination (the
 * teller's), and with a supervisor's approval an unlock of a RESTRICTED device or the release of
 * a loss report.
 */
export class DeviceJobs {
  constructor(
    private readonly issuer: Issuer,
    private readonly approvals: HeldApprovals,
    private readonly devicesOf: (customerRef: string, token: string) => Promise<Device[]>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Lost or stolen: suspended at every institution at once. The device is read back afterwards,
   * so the receipt shows what the issuer now holds, not what we assume.
   */
  async reportLoss(input: ChannelArgs<'device.reportLoss'>, token: string, receiptNo: string): Promise<ReportLossOutput> {
    const { customerRef, deviceId, reason, note, idempotencyKey } = input;
    const report = await this.issuer.call(
      'reportLoss',
      { params: { deviceId }, body: note ? { reason, note } : { reason } },
      { token, idempotencyKey },
    );
    const device = await this.readBack(customerRef, deviceId, token);
    return { reportRef: report.reportRef, receiptNo, reportedAt: this.now().toISOString(), device, notified: report.notified };
  }

  /** OTP 해지 at this institution; the receipt names the device as the issuer now holds it. */
  async terminate(input: ChannelArgs<'device.terminate'>, token: string, receiptNo: string): Promise<TerminateOutput> {
    const { customerRef, deviceId, identityCheckId, reason, note, idempotencyKey } = input;
    const ended = await this.issuer.call(
      'terminate',
      { params: { deviceId }, body: { identityCheckId, reason, ...(note && { note }) } },
      { token, idempotencyKey },
    );
    return { ...ended, receiptNo, device: await this.readBack(customerRef, deviceId, token) };
  }

  private async readBack(customerRef: string, deviceId: string, token: string): Promise<Device> {
    const device = (await this.devicesOf(customerRef, token)).find((candidate) => candidate.deviceId === deviceId);
    if (!device) throw new ConsoleError('INTERNAL', 'The device is not among the customer’s devices');
    return device;
  }

  unlock(input: ChannelArgs<'device.unlock'>, token: string): Promise<Device & { notified: Notified }> {
    const { deviceId, reason, identityCheckId, approvalToken, idempotencyKey } = input;
    return this.approvals.spend(approvalToken, () =>
      this.issuer.call('unlock', { params: { deviceId }, body: { reason, identityCheckId } }, { token, approvalToken, idempotencyKey }),
    );
  }

  releaseLoss(input: ChannelArgs<'device.releaseLoss'>, token: string): Promise<Device & { notified: Notified }> {
    const { deviceId, approvalToken, idempotencyKey } = input;
    return this.approvals.spend(approvalToken, () =>
      this.issuer.call('releaseLoss', { params: { deviceId }, body: {} }, { token, approvalToken, idempotencyKey }),
    );
  }
}
