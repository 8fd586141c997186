import type { ChannelArgs, ChannelOutput } from '../../shared/contract.js';
import type { IdentifyOutput } from '../../shared/customer.js';
import { maskRrn, rrnChecksumValid } from '../../issuer-api/domain.js';
import type { Device } from '../../issuer-api/schemas.js';
import type { Issuer } from '../issuer/issuer.js';

/**
 * The identity check and the customer page's facts. The full RRN passes through here once, to
 * the issuer, and is neither kept nor logged: everything after works with customerRef and the
 * masked RRN.
 */
export class CustomerService {
  constructor(private readonly issuer: Issuer) {}

  async identify(input: ChannelArgs<'customer.identify'>, token: string): Promise<IdentifyOutput> {
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

  /** 휴대폰 번호 변경: the issuer texts the old and the new number; the answer lists the numbers now on record, masked. */
  changeMobile(input: ChannelArgs<'customer.changeMobile'>, token: string): Promise<ChannelOutput<'customer.changeMobile'>> {
    const { customerRef, identityCheckId, mobileNumber, replaces, idempotencyKey } = input;
    return this.issuer.call(
      'changeMobileNumbers',
      { params: { customerRef }, body: { identityCheckId, mobileNumber, ...(replaces && { replaces }) } },
      { token, idempotencyKey },
    );
  }

  async devices(customerRef: string, token: string): Promise<Device[]> {
    return (await this.issuer.call('devices', { params: { customerRef } }, { token })).devices;
  }
}
