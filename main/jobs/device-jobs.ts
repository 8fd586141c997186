import type { ChannelArgs } from '../../shared/contract.js';
import type { ReportLossOutput } from '../../shared/customer.js';
import type { Device } from '../../issuer-api/schemas.js';
import { ConsoleError } from '../app/errors.js';
import type { Issuer } from '../issuer/issuer.js';
import type { HeldApprovals } from '../staff/approvals.js';

/**
 * What happens to a device the customer already has: a loss report (the teller's), and with a
 * supervisor's approval an unlock of a RESTRICTED device or the release of a loss report.
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
    const device = (await this.devicesOf(customerRef, token)).find((candidate) => candidate.deviceId === deviceId);
    if (!device) throw new ConsoleError('INTERNAL', 'The reported device is not among the customer’s devices');
    return { reportRef: report.reportRef, receiptNo, reportedAt: this.now().toISOString(), device };
  }

  unlock(input: ChannelArgs<'device.unlock'>, token: string): Promise<Device> {
    const { deviceId, reason, identityCheckId, approvalToken, idempotencyKey } = input;
    return this.approvals.spend(approvalToken, () =>
      this.issuer.call('unlock', { params: { deviceId }, body: { reason, identityCheckId } }, { token, approvalToken, idempotencyKey }),
    );
  }

  releaseLoss(input: ChannelArgs<'device.releaseLoss'>, token: string): Promise<Device> {
    const { deviceId, approvalToken, idempotencyKey } = input;
    return this.approvals.spend(approvalToken, () =>
      this.issuer.call('releaseLoss', { params: { deviceId }, body: {} }, { token, approvalToken, idempotencyKey }),
    );
  }
}
