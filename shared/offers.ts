import type { z } from 'zod';
import type { CustomerTypeSchema, Device, DeviceStatus, LossReason } from '../issuer-api/schemas.js';
import type { ApprovedRequest } from './supervisor.js';

/**
 * What the counter offers a customer, by the issuer's rules (ISSUER-API.md): an action the issuer
 * would refuse is shown disabled, with the refusal it would give, before anyone presses it. The
 * issuer still decides (and says no with the same codes).
 */
export type Refusal =
  | { code: 'NOT_ELIGIBLE' }
  | { code: 'ALREADY_REGISTERED_AT_INSTITUTION' }
  | { code: 'NOT_REGISTERED_HERE' }
  | { code: 'INVALID_DEVICE_STATE'; status: DeviceStatus; lossReason?: LossReason };

/** Digital OTP registration: individual customers only. */
export function digitalOtpRefusal(customerType: z.infer<typeof CustomerTypeSchema>): Refusal | null {
  return customerType === 'INDIVIDUAL' ? null : { code: 'NOT_ELIGIBLE' };
}

/** Statuses in which a Smart OTP still counts as the customer's one card at its institution. */
const HOLDS_THE_PLACE: readonly DeviceStatus[] = ['PENDING', 'ACTIVE', 'RESTRICTED', 'LOST'];

/** A Smart OTP card (issued here or registered from elsewhere): one per customer per institution. */
export function cardRefusal(devices: readonly Device[], ourInstitutionCode: string): Refusal | null {
  const hasOne = devices.some((d) => d.kind === 'SMART_OTP' && d.institutionCode === ourInstitutionCode && HOLDS_THE_PLACE.includes(d.status));
  return hasOne ? { code: 'ALREADY_REGISTERED_AT_INSTITUTION' } : null;
}

export type DeviceJob = 'LOSS_REPORT' | 'TERMINATION' | 'CARD_REPLACEMENT' | Extract<ApprovedRequest['action'], 'DEVICE_UNLOCK' | 'LOSS_REPORT_RELEASE'>;

/** The only statuses each device job starts from; in any other the issuer answers INVALID_DEVICE_STATE. */
export const DEVICE_JOB_FROM: Record<DeviceJob, readonly DeviceStatus[]> = {
  LOSS_REPORT: ['ACTIVE', 'RESTRICTED'],
  TERMINATION: ['ACTIVE', 'RESTRICTED', 'LOST'],
  CARD_REPLACEMENT: ['ACTIVE', 'RESTRICTED', 'LOST'],
  DEVICE_UNLOCK: ['RESTRICTED'],
  LOSS_REPORT_RELEASE: ['LOST'],
};

/**
 * Jobs that end or replace a device act only where it is registered: a card's record at another
 * institution is that institution's (a Digital OTP is one app, ended anywhere). A replacement is a card's.
 */
const ONLY_WHERE_REGISTERED: readonly DeviceJob[] = ['TERMINATION', 'CARD_REPLACEMENT'];

export function deviceJobRefusal(
  job: DeviceJob,
  device: Pick<Device, 'status' | 'lossReason' | 'kind' | 'institutionCode'>,
  ourInstitutionCode?: string,
): Refusal | null {
  if (job === 'CARD_REPLACEMENT' && device.kind !== 'SMART_OTP') return { code: 'INVALID_DEVICE_STATE', status: device.status };
  if (!DEVICE_JOB_FROM[job].includes(device.status)) {
    return { code: 'INVALID_DEVICE_STATE', status: device.status, ...(device.lossReason && { lossReason: device.lossReason }) };
  }
  const elsewhere = device.kind === 'SMART_OTP' && ourInstitutionCode !== undefined && device.institutionCode !== ourInstitutionCode;
  return ONLY_WHERE_REGISTERED.includes(job) && elsewhere ? { code: 'NOT_REGISTERED_HERE' } : null;
}
