import { maskMobile, maskName } from '../../issuer-api/domain.js';
import type { Rule } from './context.js';
import { sql } from '../store/store.js';

/**
 * The branch's worklists (ISSUER-API.md v1.1 "the branch", "Worklists"): what is left to follow
 * up. Names and numbers only masked.
 */

/** This branch's Digital OTP app codes that are issued, unused and unexpired, soonest to expire first. */
export const pendingActivations: Rule<'pendingActivations'> = (env) => {
  const rows = sql(
    env.db,
    `SELECT r.registration_id, r.mobile, r.app_code_issued_by, r.app_code_expires_at, c.name
     FROM registrations r JOIN customers c ON c.customer_ref = r.customer_ref
     WHERE r.status = 'APP_CODE_ISSUED' AND r.institution_code = ? AND r.branch_code = ? AND r.app_code_expires_at > ?
     ORDER BY r.app_code_expires_at`,
  ).all(env.terminal.institutionCode, env.terminal.branchCode, env.now.toISOString()) as {
    registration_id: string;
    mobile: string;
    app_code_issued_by: string;
    app_code_expires_at: string;
    name: string;
  }[];
  return {
    items: rows.map((r) => ({
      registrationId: r.registration_id,
      maskedName: maskName(r.name),
      maskedMobile: maskMobile(r.mobile),
      staffId: r.app_code_issued_by,
      appCodeExpiresAt: r.app_code_expires_at,
    })),
  };
};

/** Devices registered at this institution that are RESTRICTED, longest restricted first. */
export const restrictedDevices: Rule<'restrictedDevices'> = (env) => {
  const rows = sql(
    env.db,
    `SELECT d.device_id, d.kind, d.customer_ref, d.fail_count, COALESCE(d.restricted_at, d.last_used_at, d.registered_at) AS restricted_at, c.name
     FROM devices d JOIN customers c ON c.customer_ref = d.customer_ref
     WHERE d.status = 'RESTRICTED' AND d.institution_code = ?
     ORDER BY d.restricted_at`,
  ).all(env.terminal.institutionCode) as {
    device_id: string;
    kind: 'DIGITAL_OTP' | 'SMART_OTP';
    customer_ref: string;
    fail_count: number;
    restricted_at: string;
    name: string;
  }[];
  return {
    items: rows.map((d) => ({
      deviceId: d.device_id,
      kind: d.kind,
      customerRef: d.customer_ref,
      maskedName: maskName(d.name),
      failCount: d.fail_count,
      since: d.restricted_at,
    })),
  };
};
