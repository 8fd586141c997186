import type { z } from 'zod';
import type {
  CardEnrollInputSchema,
  CardLookupInputSchema,
  IdentifyInputSchema,
  IdentifyOutput,
  ReportLossInputSchema,
  ReportLossOutput,
} from '../../shared/customer.js';
import { maskRrn, rrnChecksumValid } from '../../issuer-api/domain.js';
import type { Device, TerminalIdentity } from '../../issuer-api/schemas.js';
import { ConsoleError } from '../app/errors.js';
import type { Issuer } from '../issuer/issuer.js';

type IdentifyInput = z.output<typeof IdentifyInputSchema>;

/**
 * The identity check and the customer page's facts. The full RRN passes through here once, to
 * the issuer, and is neither kept nor logged: everything after works with customerRef and the
 * masked RRN.
 */
export class CustomerService {
  constructor(
    private readonly issuer: Issuer,
    private readonly terminal: TerminalIdentity,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async identify(input: IdentifyInput, token: string): Promise<IdentifyOutput> {
    const check = await this.issuer.call('identityCheck', { body: input }, { token });
    const base = {
      checkId: check.checkId,
      result: check.result,
      maskedRrn: maskRrn(input.rrn),
      rrnChecksumWarning: !rrnChecksumValid(input.rrn),
    };
    if (check.result !== 'VERIFIED' || !check.customerRef || !check.customerType) return base;
    const devices = await this.devices(check.customerRef, token);
    return {
      ...base,
      customer: {
        customerRef: check.customerRef,
        customerType: check.customerType,
        name: check.name,
        maskedRrn: check.maskedRrn,
        mobileNumbers: check.mobileNumbers,
        devices,
      },
    };
  }

  /**
   * Lost or stolen: suspended at every institution at once. The device is read back afterwards,
   * so the receipt shows what the issuer now holds, not what we assume.
   */
  async reportLoss(input: z.output<typeof ReportLossInputSchema>, token: string): Promise<ReportLossOutput> {
    const { customerRef, deviceId, reason, note, idempotencyKey } = input;
    const report = await this.issuer.call(
      'reportLoss',
      { params: { deviceId }, body: note ? { reason, note } : { reason } },
      { token, idempotencyKey },
    );
    const device = (await this.devices(customerRef, token)).find((candidate) => candidate.deviceId === deviceId);
    if (!device) throw new ConsoleError('INTERNAL', 'The reported device is not among the customer’s devices');
    return { reportRef: report.reportRef, reportedAt: this.now().toISOString(), device };
  }

  /** A card's state for this customer, and this terminal's institution, so the counter can propose the job. */
  async lookupCard({ customerRef, vendorCode, serial }: z.output<typeof CardLookupInputSchema>, token: string) {
    const lookup = await this.issuer.call('cardLookup', { body: { vendorCode, serial, customerRef } }, { token });
    return { ...lookup, ourInstitutionCode: this.terminal.institutionCode };
  }

  /** Issues the card from branch stock or registers a card issued elsewhere, as the teller confirmed. */
  enrollCard(input: z.output<typeof CardEnrollInputSchema>, token: string): Promise<Device> {
    const { customerRef, identityCheckId, vendorCode, serial, action, idempotencyKey } = input;
    const body = { customerRef, identityCheckId, vendorCode, serial };
    return this.issuer.call(action === 'ISSUE' ? 'issueCard' : 'registerCard', { body }, { token, idempotencyKey });
  }

  async devices(customerRef: string, token: string): Promise<Device[]> {
    return (await this.issuer.call('devices', { params: { customerRef } }, { token })).devices;
  }
}
