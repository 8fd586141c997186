import { randomBytes } from 'node:crypto';
import type { HealthResponse, StaffLoginRequest, StaffLoginResponse } from '../../../shared/issuer-api.js';
import type { Role } from '../../../shared/staff.js';
import { IssuerError, type Issuer } from '../issuer.js';
import { passwordMatches, type SandboxDb } from './store.js';

export interface SandboxOptions {
  db: SandboxDb;
  now?: () => Date;
  /** How long a staff session lasts; a branch working day by default. */
  staffSessionSeconds?: number;
}

/** Wrong passwords in a row before a staff account locks (ISSUER-API.md "Staff"). */
export const MAX_STAFF_LOGIN_FAILURES = 5;

export const SANDBOX_VERSION = 'sandbox-1';

const UNKNOWN_STAFF_SALT = Buffer.alloc(16);
const UNKNOWN_STAFF_HASH = Buffer.alloc(32);

interface StaffRow {
  staff_id: string;
  name: string;
  role: Role;
  password_salt: Buffer;
  password_hash: Buffer;
  failed_logins: number;
  locked: number;
}

/**
 * The sandbox issuer: every rule of ISSUER-API.md over SQLite, with an injectable clock. It runs
 * in-process in training mode and behind the standalone HTTP server in tests.
 */
export class SandboxIssuer implements Issuer {
  private readonly db: SandboxDb;
  private readonly now: () => Date;
  private readonly staffSessionSeconds: number;

  constructor(options: SandboxOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.staffSessionSeconds = options.staffSessionSeconds ?? 8 * 60 * 60;
  }

  async health(): Promise<HealthResponse> {
    this.db.prepare('SELECT 1').get();
    return { status: 'ok', version: SANDBOX_VERSION };
  }

  async login({ staffId, password }: StaffLoginRequest): Promise<StaffLoginResponse> {
    // The transaction returns its outcome instead of throwing: a throw inside it would roll back
    // the failure count that a wrong password must leave behind.
    const outcome = this.db.transaction((): StaffLoginResponse | IssuerError => {
      const staff = this.db.prepare('SELECT * FROM staff WHERE staff_id = ?').get(staffId) as StaffRow | undefined;
      if (!staff) {
        // The same code as a wrong password, after the same hashing work, so a probe learns little.
        // (Attempts left are only told for a real ID: staff IDs are on every name badge anyway.)
        passwordMatches(password, UNKNOWN_STAFF_SALT, UNKNOWN_STAFF_HASH);
        return new IssuerError(401, 'INVALID_CREDENTIALS', 'Staff ID or password is wrong');
      }
      if (staff.locked) return new IssuerError(423, 'STAFF_LOCKED', 'Staff account is locked');

      if (!passwordMatches(password, staff.password_salt, staff.password_hash)) {
        const failures = staff.failed_logins + 1;
        const locked = failures >= MAX_STAFF_LOGIN_FAILURES;
        this.db
          .prepare('UPDATE staff SET failed_logins = ?, locked = ? WHERE staff_id = ?')
          .run(failures, locked ? 1 : 0, staffId);
        if (locked) return new IssuerError(423, 'STAFF_LOCKED', 'Too many wrong passwords; staff account locked');
        return new IssuerError(401, 'INVALID_CREDENTIALS', 'Staff ID or password is wrong', false, {
          attemptsLeft: MAX_STAFF_LOGIN_FAILURES - failures,
        });
      }

      this.db.prepare('UPDATE staff SET failed_logins = 0 WHERE staff_id = ?').run(staffId);
      const now = this.now();
      const expiresAt = new Date(now.getTime() + this.staffSessionSeconds * 1000).toISOString();
      const token = randomBytes(24).toString('base64url');
      this.db
        .prepare('INSERT INTO staff_sessions (token, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
        .run(token, staffId, now.toISOString(), expiresAt);
      return { token, staffId, name: staff.name, role: staff.role, expiresAt };
    })();
    if (outcome instanceof IssuerError) throw outcome;
    return outcome;
  }

  async logout(token: string): Promise<void> {
    this.requireSession(token);
    this.db.prepare('UPDATE staff_sessions SET ended_at = ? WHERE token = ?').run(this.now().toISOString(), token);
  }

  /** The staff member behind a bearer token, or 401 UNAUTHENTICATED. */
  private requireSession(token: string): { staffId: string } {
    const row = this.db
      .prepare('SELECT staff_id, expires_at, ended_at FROM staff_sessions WHERE token = ?')
      .get(token) as { staff_id: string; expires_at: string; ended_at: string | null } | undefined;
    if (!row || row.ended_at || Date.parse(row.expires_at) <= this.now().getTime()) {
      throw new IssuerError(401, 'UNAUTHENTICATED', 'Staff session is missing, ended or expired');
    }
    return { staffId: row.staff_id };
  }
}
