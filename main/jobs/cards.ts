import type { ChannelArgs, ChannelOutput } from '../../shared/contract.js';
import type { ReplaceCardOutput } from '../../shared/customer.js';
import { replacementRequest } from '../../shared/supervisor.js';
import type { Device, TerminalIdentity } from '../../issuer-api/schemas.js';
import { ConsoleError } from '../app/errors.js';
import type { Issuer } from '../issuer/issuer.js';
import type { HeldApprovals } from '../staff/approvals.js';

/**
 * The Smart OTP card jobs: look a tapped or typed card up, issue it from stock or register it,
 * and replace a card registered here with one from stock.
 */
export class CardJobs {
  constructor(
    private readonly issuer: Issuer,
    private readonly terminal: TerminalIdentity,
    private readonly approvals: HeldApprovals,
    private readonly devicesOf: (customerRef: string, token: string) => Promise<Device[]>,
  ) {}

  /** A card's state (for this customer, when one is named), and this terminal's institution, so the counter can propose the job. */
  async lookup({ customerRef, vendorCode, serial }: ChannelArgs<'card.lookup'>, token: string) {
    const lookup = await this.issuer.call('cardLookup', { body: { vendorCode, serial, ...(customerRef && { customerRef }) } }, { token });
    return { ...lookup, ourInstitutionCode: this.terminal.institutionCode };
  }

  /** Issues the card from branch stock or registers a card issued elsewhere, as the teller confirmed. */
  enroll(input: ChannelArgs<'card.enroll'>, token: string): Promise<ChannelOutput<'card.enroll'>> {
    const { customerRef, identityCheckId, vendorCode, serial, action, idempotencyKey } = input;
    const body = { customerRef, identityCheckId, vendorCode, serial };
    return action === 'ISSUE'
      ? this.issuer.call('issueCard', { body }, { token, idempotencyKey })
      : this.issuer.call('registerCard', { body }, { token, idempotencyKey });
  }

  /**
   * 교체 발급. The request is built by the same function the supervisor's approval was digested
   * from, so an approved waiver and the request sent can never differ. The slip shows both cards
   * as the issuer now holds them.
   */
  async replace(input: ChannelArgs<'card.replace'>, token: string, receiptNo: string): Promise<ReplaceCardOutput> {
    const { approvalToken, idempotencyKey, ...request } = input;
    const body = replacementRequest(request);
    const call = () => this.issuer.call('replaceCard', { body }, { token, idempotencyKey, ...(approvalToken && { approvalToken }) });
    const replaced = await (approvalToken ? this.approvals.spend(approvalToken, call) : call());
    const devices = await this.devicesOf(input.customerRef, token);
    const find = (deviceId: string) => {
      const device = devices.find((candidate) => candidate.deviceId === deviceId);
      if (!device) throw new ConsoleError('INTERNAL', 'A replaced card is not among the customer’s devices');
      return device;
    };
    return { ...replaced, receiptNo, device: find(replaced.deviceId), oldDevice: find(replaced.oldDeviceId) };
  }
}
