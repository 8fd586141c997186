import type { ChannelArgs } from '../../shared/contract.js';
import type { Device, TerminalIdentity } from '../../issuer-api/schemas.js';
import type { Issuer } from '../issuer/issuer.js';

/** The Smart OTP card job: look a tapped or typed card up, then issue it from stock or register it. */
export class CardJobs {
  constructor(
    private readonly issuer: Issuer,
    private readonly terminal: TerminalIdentity,
  ) {}

  /** A card's state (for this customer, when one is named), and this terminal's institution, so the counter can propose the job. */
  async lookup({ customerRef, vendorCode, serial }: ChannelArgs<'card.lookup'>, token: string) {
    const lookup = await this.issuer.call('cardLookup', { body: { vendorCode, serial, ...(customerRef && { customerRef }) } }, { token });
    return { ...lookup, ourInstitutionCode: this.terminal.institutionCode };
  }

  /** Issues the card from branch stock or registers a card issued elsewhere, as the teller confirmed. */
  enroll(input: ChannelArgs<'card.enroll'>, token: string): Promise<Device> {
    const { customerRef, identityCheckId, vendorCode, serial, action, idempotencyKey } = input;
    const body = { customerRef, identityCheckId, vendorCode, serial };
    return this.issuer.call(action === 'ISSUE' ? 'issueCard' : 'registerCard', { body }, { token, idempotencyKey });
  }
}
