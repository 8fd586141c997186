import { maskMobile, maskSerial } from '../../issuer-api/domain.js';
import type { Device, DeviceStatus, LossReason, Role } from '../../issuer-api/schemas.js';
import { refuse, type Env } from '../rules/context.js';
import type { CardStatus, CustomerType } from './seed.js';
import { sql } from './store.js';

/** The rows of store.ts as the rules read them, and the finders every rule module shares. */

export interface StaffRow {
  staff_id: string;
  name: string;
  role: Role;
  password_salt: Buffer;
  password_hash: Buffer;
  failed_logins: number;
  locked: number;
}

export interface CustomerRow {
  customer_ref: string;
  name: string;
  customer_type: CustomerType;
  rrn_lookup: string;
  rrn_masked: string;
  document_type: string;
  document_issue_date: string;
  document_reported_lost: number;
}

export interface CardRow {
  vendor_code: string;
  serial: string;
  status: CardStatus;
  issuing_institution: string;
  holder_ref: string | null;
  issued_at: string | null;
  replaced_by_vendor_code: string | null;
  replaced_by_serial: string | null;
  branch_code: string | null;
  delivery_ref: string | null;
  received_at: string | null;
}

export interface DeviceRow {
  device_id: string;
  kind: 'DIGITAL_OTP' | 'SMART_OTP';
  status: DeviceStatus;
  fail_count: number;
  max_fail: number;
  institution_code: string;
  customer_ref: string;
  registered_at: string;
  last_used_at: string | null;
  mobile: string | null;
  otp_seed: string | null;
  phone_device_id: string | null;
  card_vendor_code: string | null;
  card_serial: string | null;
  status_before_loss: DeviceStatus | null;
  loss_reason: LossReason | null;
  restricted_at: string | null;
}

// ---------------------------------------------------------------- customers

export const findCustomer = (env: Env, customerRef: string) =>
  sql(env.db, 'SELECT * FROM customers WHERE customer_ref = ?').get(customerRef) as CustomerRow | undefined;

export function requireCustomer(env: Env, customerRef: string): CustomerRow {
  const customer = findCustomer(env, customerRef);
  if (!customer) throw refuse(404, 'CUSTOMER_NOT_FOUND', 'No customer with this reference');
  return customer;
}

/** The customer's numbers on record (normalised), in the order they came; a replaced number's place goes to its successor. */
export const mobilesOf = (env: Env, customerRef: string): string[] =>
  sql(env.db, 'SELECT mobile FROM customer_mobiles WHERE customer_ref = ? ORDER BY position').pluck().all(customerRef) as string[];

/** Whose record a number is on, if anyone's (a number is on one customer's record at most). */
export const holderOfMobile = (env: Env, mobile: string) =>
  sql(env.db, 'SELECT customer_ref FROM customer_mobiles WHERE mobile = ?').pluck().get(mobile) as string | undefined;

// ---------------------------------------------------------------- cards

export const findCard = (env: Env, vendorCode: string, serial: string) =>
  sql(env.db, 'SELECT * FROM cards WHERE vendor_code = ? AND serial = ?').get(vendorCode, serial) as CardRow | undefined;

export function requireCard(env: Env, vendorCode: string, serial: string): CardRow {
  const card = findCard(env, vendorCode, serial);
  if (!card) throw refuse(404, 'CARD_NOT_FOUND', 'No Smart OTP card with this vendor code and serial');
  return card;
}

// ---------------------------------------------------------------- devices

export const findDevice = (env: Env, deviceId: string) =>
  sql(env.db, 'SELECT * FROM devices WHERE device_id = ?').get(deviceId) as DeviceRow | undefined;

export function requireDevice(env: Env, deviceId: string): DeviceRow {
  const device = findDevice(env, deviceId);
  if (!device) throw refuse(404, 'DEVICE_NOT_FOUND', 'No device with this ID');
  return device;
}

/** The card's records that are not ended (REPLACED or REVOKED). */
export function liveRecordsOf(env: Env, card: Pick<CardRow, 'vendor_code' | 'serial'>): DeviceRow[] {
  return sql(
    env.db,
    `SELECT * FROM devices WHERE card_vendor_code = ? AND card_serial = ? AND status IN ('PENDING', 'ACTIVE', 'RESTRICTED', 'LOST')
     ORDER BY institution_code`,
  ).all(card.vendor_code, card.serial) as DeviceRow[];
}

/** Policy `maxFail` of ISSUER-API.md: wrong OTPs in a row before a device turns RESTRICTED. */
export const DEFAULT_MAX_FAIL = 10;

/** A new device record; every device starts with no failures and the policy's maxFail. */
export function insertDevice(
  env: Env,
  device: Pick<DeviceRow, 'device_id' | 'kind' | 'status' | 'institution_code' | 'customer_ref'> &
    Partial<Pick<DeviceRow, 'mobile' | 'otp_seed' | 'phone_device_id' | 'card_vendor_code' | 'card_serial'>>,
): DeviceRow {
  sql(
    env.db,
    `INSERT INTO devices (device_id, kind, status, fail_count, max_fail, institution_code, customer_ref, registered_at,
       mobile, otp_seed, phone_device_id, card_vendor_code, card_serial)
     VALUES (@device_id, @kind, @status, 0, @max_fail, @institution_code, @customer_ref, @registered_at,
       @mobile, @otp_seed, @phone_device_id, @card_vendor_code, @card_serial)`,
  ).run({
    mobile: null, otp_seed: null, phone_device_id: null, card_vendor_code: null, card_serial: null,
    ...device,
    max_fail: DEFAULT_MAX_FAIL,
    registered_at: env.now.toISOString(),
  });
  return requireDevice(env, device.device_id);
}

/** A device as the contract shows it: the phone's number or the card's serial only masked. */
export function deviceView(row: DeviceRow): Device {
  return {
    deviceId: row.device_id,
    kind: row.kind,
    status: row.status,
    failCount: row.fail_count,
    maxFail: row.max_fail,
    institutionCode: row.institution_code,
    registeredAt: row.registered_at,
    lastUsedAt: row.last_used_at,
    ...(row.mobile !== null && { maskedMobile: maskMobile(row.mobile) }),
    ...(row.card_vendor_code !== null && row.card_serial !== null && {
      vendorCode: row.card_vendor_code,
      maskedSerial: maskSerial(row.card_serial),
    }),
    ...(row.status === 'LOST' && row.loss_reason !== null && { lossReason: row.loss_reason }),
  };
}
