/**
 * The staff ID and password rules in plain code, without zod: the login screen checks what was
 * typed before zod and the contract have loaded (they are most of the renderer's weight, and the
 * login form comes first). StaffIdSchema and PasswordSchema in staff.ts are built from these.
 */

/** A role letter and four digits (T0001, S0001), once trimmed and upper-cased. */
export const STAFF_ID_PATTERN = /^[A-Z]\d{4}$/;
export const PASSWORD_MAX_LENGTH = 128;

export const normaliseStaffId = (typed: string) => typed.trim().toUpperCase();

/** The rule a typed staff ID breaks (the catalogue's `validation.<rule>`), or null. */
export const staffIdRule = (typed: string) => (STAFF_ID_PATTERN.test(normaliseStaffId(typed)) ? null : 'STAFF_ID_FORMAT');

/** The rule a typed password breaks, or null; the router still refuses one over PASSWORD_MAX_LENGTH. */
export const passwordRule = (typed: string) => (typed.length > 0 ? null : 'PASSWORD_REQUIRED');
