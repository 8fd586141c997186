import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApprovalAction } from '../../issuer-api/schemas.js';
import { IssuerError } from '../../issuer-api/errors.js';
import { hasExpired, refuse, secondsAfter, sessionOf, type Env, type Rule } from './context.js';
import type { StaffRow } from '../store/records.js';
import { hashPassword, hashPasswordNow, keyedDigest, sql, type SandboxDb } from '../store/store.js';

/**
 * Staff rules (ISSUER-API.md "Staff"): login and the 5-strike lock, sessions, and supervisor
 * approvals: single-use tokens bound to one action and one exact request.
 */

/** Wrong passwords in a row before a staff account locks. */
export const MAX_STAFF_LOGIN_FAILURES = 5;
/** How long an approval token is good for. */
export const APPROVAL_SECONDS = 2 * 60;

const UNKNOWN_STAFF_SALT = Buffer.alloc(16);

const newToken = () => randomBytes(24).toString('base64url');

/** What the store keeps of a bearer or approval token, and finds it by: its keyed digest, never the token. */
const tokenHash = (env: Env, token: string) => keyedDigest(env.db, 'token', token);

/**
 * The password a login or an approval carries, hashed with the staff member's salt BEFORE the
 * request's write transaction (sandbox-issuer.ts): scrypt runs on the thread pool while other
 * requests are answered, and the rule only compares. An unknown staff ID is hashed all the same,
 * with a fixed salt, so a probe learns little from the time an answer takes.
 */
export interface TypedPassword {
  staffId: string;
  salt: Buffer;
  hash: Buffer;
}

export async function hashTypedPassword(db: SandboxDb, staffId: string, password: string): Promise<TypedPassword> {
  const row = sql(db, 'SELECT password_salt FROM staff WHERE staff_id = ?').get(staffId) as { password_salt: Buffer } | undefined;
  const salt = row?.password_salt ?? UNKNOWN_STAFF_SALT;
  return { staffId, salt, hash: await hashPassword(password, salt) };
}

/**
 * The typed password's hash under the salt the store holds now: the one prepared, unless a reset
 * gave the account a new salt while it was being computed (then it is hashed again, here).
 */
function typedHash(env: Env, staff: StaffRow, password: string): Buffer {
  const typed = env.typedPassword;
  if (typed?.staffId === staff.staff_id && typed.salt.equals(staff.password_salt)) return typed.hash;
  return hashPasswordNow(password, staff.password_salt);
}

/**
 * Checks a staff member's password, counting wrong ones toward the lock (login and approvals share
 * it). Refusals are returned, not thrown: the failure count they wrote must be committed.
 */
function checkPassword(env: Env, staffId: string, password: string): StaffRow | IssuerError {
  const staff = sql(env.db, 'SELECT * FROM staff WHERE staff_id = ?').get(staffId) as StaffRow | undefined;
  // The same code as a wrong password, after the same hashing work (hashTypedPassword), so a probe
  // learns little. (Attempts left are only told for a real ID: staff IDs are on every name badge anyway.)
  if (!staff) return refuse(401, 'INVALID_CREDENTIALS', 'Staff ID or password is wrong');
  if (staff.locked) return refuse(423, 'STAFF_LOCKED', 'Staff account is locked');

  if (!timingSafeEqual(typedHash(env, staff, password), staff.password_hash)) {
    const failures = staff.failed_logins + 1;
    const locked = failures >= MAX_STAFF_LOGIN_FAILURES;
    sql(env.db, 'UPDATE staff SET failed_logins = ?, locked = ? WHERE staff_id = ?').run(failures, locked ? 1 : 0, staffId);
    if (locked) {
      endSessionsOf(env, staffId);
      return refuse(423, 'STAFF_LOCKED', 'Too many wrong passwords; staff account locked');
    }
    return refuse(401, 'INVALID_CREDENTIALS', 'Staff ID or password is wrong', { attemptsLeft: MAX_STAFF_LOGIN_FAILURES - failures });
  }
  sql(env.db, 'UPDATE staff SET failed_logins = 0 WHERE staff_id = ?').run(staffId);
  return staff;
}

export const login: Rule<'login'> = (env, { body }) => {
  const staff = checkPassword(env, body.staffId, body.password);
  if (staff instanceof IssuerError) return staff;
  const token = newToken();
  const expiresAt = secondsAfter(env.now, env.staffSessionSeconds);
  sql(env.db, 'INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    tokenHash(env, token), staff.staff_id, env.now.toISOString(), expiresAt,
  );
  return { token, staffId: staff.staff_id, name: staff.name, role: staff.role, expiresAt };
};

export const logout: Rule<'logout'> = (env) => {
  sql(env.db, "UPDATE staff_sessions SET ended_at = ?, ended_reason = 'LOGOUT' WHERE token_hash = ?").run(
    env.now.toISOString(), tokenHash(env, sessionOf(env).token),
  );
  return undefined;
};

/** A staff account that becomes STAFF_LOCKED loses its open sessions at once (ISSUER-API.md v1.1). */
function endSessionsOf(env: Env, staffId: string): void {
  sql(env.db, "UPDATE staff_sessions SET ended_at = ?, ended_reason = 'STAFF_LOCKED' WHERE staff_id = ? AND ended_at IS NULL").run(
    env.now.toISOString(), staffId,
  );
}

/**
 * The staff member behind a bearer token: 401 SESSION_ENDED when the issuer ended the session
 * because the account locked, 401 UNAUTHENTICATED when it is missing, logged out or expired.
 */
export function requireSession(env: Env, token: string | undefined): { token: string; staffId: string } {
  const row = token
    ? (sql(env.db, 'SELECT staff_id, expires_at, ended_at, ended_reason FROM staff_sessions WHERE token_hash = ?').get(tokenHash(env, token)) as
        | { staff_id: string; expires_at: string; ended_at: string | null; ended_reason: string | null }
        | undefined)
    : undefined;
  if (row?.ended_reason === 'STAFF_LOCKED') throw refuse(401, 'SESSION_ENDED', 'The staff account was locked; its sessions have ended');
  if (!token || !row || row.ended_at || hasExpired(row.expires_at, env.now)) {
    throw refuse(401, 'UNAUTHENTICATED', 'Staff session is missing, ended or expired');
  }
  return { token, staffId: row.staff_id };
}

// ---------------------------------------------------------------- approvals

/**
 * A supervisor's override, given at the teller's console. The password comes first (a wrong one
 * counts toward that supervisor's lock), then the role, then that nobody approves their own work.
 */
export const approve: Rule<'approve'> = (env, { body }) => {
  const supervisor = checkPassword(env, body.supervisorId, body.password);
  if (supervisor instanceof IssuerError) return supervisor;
  // Returned rather than thrown from here on, so the password check's bookkeeping stands.
  if (supervisor.role !== 'SUPERVISOR') return refuse(403, 'NOT_A_SUPERVISOR', 'Only a supervisor can approve');
  if (supervisor.staff_id === sessionOf(env).staffId) return refuse(403, 'SELF_APPROVAL', 'A supervisor cannot approve their own request');

  const approvalToken = newToken();
  const expiresAt = secondsAfter(env.now, APPROVAL_SECONDS);
  const { institutionCode, branchCode, terminalId } = env.terminal;
  sql(
    env.db,
    `INSERT INTO approvals (token_hash, supervisor_id, requested_by, session_hash, institution_code, branch_code, terminal_id,
       action, action_digest, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    tokenHash(env, approvalToken), supervisor.staff_id, sessionOf(env).staffId, tokenHash(env, sessionOf(env).token),
    institutionCode, branchCode, terminalId,
    body.action, body.actionDigest, env.now.toISOString(), expiresAt,
  );
  return { approvalToken, supervisorId: supervisor.staff_id, expiresAt };
};

interface ApprovalRow {
  token_hash: string;
  session_hash: string;
  institution_code: string;
  branch_code: string;
  terminal_id: string;
  action: string;
  action_digest: string;
  expires_at: string;
  used_at: string | null;
}

/**
 * The approval a request carries (ISSUER-API.md v1.1 "who may use what", "fine print"): unused,
 * unexpired, given for this action and this exact request (its `actionDigest`), and presented by
 * the staff session that asked for it at the terminal it asked from. Anything else is
 * 403 APPROVAL_INVALID and spends nothing. Returns the token to consume once the action succeeded.
 */
export function checkApproval(env: Env, action: ApprovalAction, token: string | undefined, digest: string): string {
  if (!token) throw refuse(403, 'APPROVAL_REQUIRED', 'This action needs a supervisor approval');
  const row = sql(env.db, 'SELECT * FROM approvals WHERE token_hash = ?').get(tokenHash(env, token)) as ApprovalRow | undefined;
  const { institutionCode, branchCode, terminalId } = env.terminal;
  const valid =
    row !== undefined &&
    row.used_at === null &&
    !hasExpired(row.expires_at, env.now) &&
    row.action === action &&
    row.action_digest === digest &&
    row.session_hash === tokenHash(env, sessionOf(env).token) &&
    row.institution_code === institutionCode &&
    row.branch_code === branchCode &&
    row.terminal_id === terminalId;
  if (!valid) throw refuse(403, 'APPROVAL_INVALID', 'The approval is unknown, used, expired, or for another request, session or terminal');
  return token;
}

export function consumeApproval(env: Env, token: string): void {
  sql(env.db, 'UPDATE approvals SET used_at = ? WHERE token_hash = ?').run(env.now.toISOString(), tokenHash(env, token));
}
