import Database from 'better-sqlite3';
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { maskRrn } from '../../issuer-api/domain.js';
import { SEED_CARDS, SEED_CUSTOMERS, SEED_DEVICES, SEED_STAFF } from './seed.js';

export type SandboxDb = Database.Database;

/**
 * The sandbox issuer's store. It is written like a real one: passwords are salted hashes, RRNs are
 * kept only as a SHA-256 hash and their masked form, and codes sent to customers are hashed.
 * Bump SCHEMA_VERSION when the tables change: an older file is rebuilt from the seed (sandbox data
 * is disposable by definition).
 */
const SCHEMA_VERSION = 7;

const SCHEMA = `
CREATE TABLE staff (
  staff_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('TELLER', 'SUPERVISOR')),
  password_salt BLOB NOT NULL,
  password_hash BLOB NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE staff_sessions (
  token TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff(staff_id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at TEXT,
  -- LOGOUT, or STAFF_LOCKED: the account locked, and every open session of it ended then
  ended_reason TEXT CHECK (ended_reason IN ('LOGOUT', 'STAFF_LOCKED')),
  CHECK ((ended_at IS NULL) = (ended_reason IS NULL))
);
CREATE TABLE approvals (
  token TEXT PRIMARY KEY,
  supervisor_id TEXT NOT NULL REFERENCES staff(staff_id),
  requested_by TEXT NOT NULL REFERENCES staff(staff_id),
  -- who may spend it: the staff session that asked for it, at the terminal it asked from
  session_token TEXT NOT NULL REFERENCES staff_sessions(token),
  institution_code TEXT NOT NULL,
  branch_code TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  action TEXT NOT NULL,
  action_digest TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE TABLE customers (
  customer_ref TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  customer_type TEXT NOT NULL CHECK (customer_type IN ('INDIVIDUAL', 'SOLE_PROPRIETOR')),
  rrn_hash TEXT NOT NULL UNIQUE,
  rrn_masked TEXT NOT NULL,
  document_type TEXT NOT NULL,
  document_issue_date TEXT NOT NULL,
  document_reported_lost INTEGER NOT NULL DEFAULT 0,
  mobiles TEXT NOT NULL -- JSON array of normalised numbers
);
CREATE TABLE identity_checks (
  check_id TEXT PRIMARY KEY,
  customer_ref TEXT REFERENCES customers(customer_ref),
  result TEXT NOT NULL CHECK (result IN ('VERIFIED', 'MISMATCH', 'DOCUMENT_REPORTED_LOST')),
  created_at TEXT NOT NULL
);
CREATE TABLE cards (
  vendor_code TEXT NOT NULL,
  serial TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('IN_STOCK', 'ACTIVE', 'LOST', 'REVOKED')),
  issuing_institution TEXT NOT NULL,
  holder_ref TEXT REFERENCES customers(customer_ref),
  PRIMARY KEY (vendor_code, serial)
);
CREATE TABLE devices (
  device_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('DIGITAL_OTP', 'SMART_OTP')),
  status TEXT NOT NULL CHECK (status IN ('PENDING', 'ACTIVE', 'RESTRICTED', 'LOST', 'REPLACED', 'REVOKED')),
  fail_count INTEGER NOT NULL DEFAULT 0,
  max_fail INTEGER NOT NULL,
  institution_code TEXT NOT NULL,
  customer_ref TEXT NOT NULL REFERENCES customers(customer_ref),
  registered_at TEXT NOT NULL,
  last_used_at TEXT,
  mobile TEXT,
  otp_seed TEXT,
  phone_device_id TEXT,
  card_vendor_code TEXT,
  card_serial TEXT,
  -- what a release restores: a restricted device found again is still restricted
  status_before_loss TEXT,
  FOREIGN KEY (card_vendor_code, card_serial) REFERENCES cards(vendor_code, serial)
);
CREATE TABLE registrations (
  registration_id TEXT PRIMARY KEY,
  customer_ref TEXT NOT NULL REFERENCES customers(customer_ref),
  institution_code TEXT NOT NULL,
  mobile TEXT NOT NULL,
  -- EXPIRED is not stored: it is APP_CODE_ISSUED past app_code_expires_at, read as such.
  status TEXT NOT NULL CHECK (status IN ('SMS_SENT', 'SMS_VERIFIED', 'APP_CODE_ISSUED', 'ACTIVATED', 'CANCELLED')),
  created_at TEXT NOT NULL,
  sms_code_hash TEXT,
  sms_expires_at TEXT NOT NULL,
  sms_failures INTEGER NOT NULL DEFAULT 0,
  resends_used INTEGER NOT NULL DEFAULT 0,
  app_code_hash TEXT,
  app_code_expires_at TEXT,
  device_id TEXT REFERENCES devices(device_id),
  activated_at TEXT
);
CREATE TABLE sms_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  mobile TEXT NOT NULL,
  text TEXT NOT NULL,
  sent_at TEXT NOT NULL
);
CREATE TABLE loss_reports (
  report_ref TEXT PRIMARY KEY,
  device_id TEXT NOT NULL REFERENCES devices(device_id),
  reason TEXT NOT NULL,
  note TEXT,
  reported_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE idempotency (
  -- the scope (ISSUER-API.md v1.1): institution, branch, terminal and the session's staff ID;
  -- '' for calls without a staff session (a login, the sandbox's routes): the terminal's own scope
  institution_code TEXT NOT NULL,
  branch_code TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  key TEXT NOT NULL,
  operation TEXT NOT NULL,
  path TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  outcome_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (institution_code, branch_code, terminal_id, staff_id, key)
);
CREATE TABLE sandbox_clock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  offset_ms INTEGER NOT NULL
);
`;

/** Children before parents, so deleting in this order never trips a foreign key. */
const TABLES = [
  'idempotency', 'sms_outbox', 'loss_reports', 'registrations', 'devices', 'identity_checks', 'cards', 'customers',
  'approvals', 'staff_sessions', 'staff', 'sandbox_clock',
] as const;

// ---------------------------------------------------------------- hashing

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Sandbox passwords are hashed even though they are published: the store is written like a real one. */
const hashPassword = (password: string, salt: Buffer) => scryptSync(password, salt, 32, { N: 1 << 12 });

export function passwordMatches(password: string, salt: Buffer, hash: Buffer): boolean {
  return timingSafeEqual(hashPassword(password, salt), hash);
}

/** What the store keeps of an RRN (13 digits): a hash to find the customer by, never the number. */
export const rrnHash = (rrn: string) => sha256Hex(`rrn:${rrn}`);

// ---------------------------------------------------------------- opening, seeding

/** Opens (or creates) the sandbox store: a file in WAL mode, or ':memory:'. Seeds a new store. */
export function openSandboxDb(file: string): SandboxDb {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) rebuild(db);
  return db;
}

function rebuild(db: SandboxDb): void {
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    for (const table of TABLES) db.exec(`DROP TABLE IF EXISTS ${table}`);
    db.exec(SCHEMA);
  })();
  db.pragma('foreign_keys = ON');
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  seed(db);
}

/** Restores the seed of ISSUER-API.md, dropping everything done since (and the clock offset). */
export function seed(db: SandboxDb): void {
  db.transaction(() => {
    for (const table of TABLES) db.exec(`DELETE FROM ${table}`);
    seedStaff(db);
    seedCustomers(db);
    seedCards(db);
    seedDevices(db);
    db.prepare('INSERT INTO sandbox_clock (id, offset_ms) VALUES (1, 0)').run();
  })();
}

function seedStaff(db: SandboxDb): void {
  const insert = db.prepare('INSERT INTO staff (staff_id, name, role, password_salt, password_hash) VALUES (?, ?, ?, ?, ?)');
  for (const s of SEED_STAFF) {
    const salt = randomBytes(16);
    insert.run(s.staffId, s.name, s.role, salt, hashPassword(s.password, salt));
  }
}

function seedCustomers(db: SandboxDb): void {
  const insert = db.prepare(
    `INSERT INTO customers (customer_ref, name, customer_type, rrn_hash, rrn_masked, document_type, document_issue_date,
       document_reported_lost, mobiles) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const c of SEED_CUSTOMERS) {
    const rrn = c.rrn.replace('-', '');
    insert.run(
      c.customerRef, c.name, c.type, rrnHash(rrn), maskRrn(rrn), c.document.type, c.document.issueDate,
      c.document.reportedLost ? 1 : 0, JSON.stringify(c.mobiles),
    );
  }
}

function seedCards(db: SandboxDb): void {
  const insert = db.prepare('INSERT INTO cards (vendor_code, serial, status, issuing_institution, holder_ref) VALUES (?, ?, ?, ?, ?)');
  for (const c of SEED_CARDS) insert.run(c.vendorCode, c.serial, c.status, c.issuingInstitutionCode, c.holderRef);
}

function seedDevices(db: SandboxDb): void {
  const insert = db.prepare(
    `INSERT INTO devices (device_id, kind, status, fail_count, max_fail, institution_code, customer_ref, registered_at,
       mobile, otp_seed, card_vendor_code, card_serial) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const d of SEED_DEVICES) {
    insert.run(
      d.deviceId, d.kind, d.status, d.failCount, d.maxFail, d.institutionCode, d.customerRef, d.registeredAt,
      d.mobile ?? null, d.otpSeed ?? null, d.card?.vendorCode ?? null, d.card?.serial ?? null,
    );
  }
}

// ---------------------------------------------------------------- statements and the clock offset

const statements = new WeakMap<SandboxDb, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection: the rules read as plain SQL. */
export function sql(db: SandboxDb, text: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = db.prepare(text)));
  return statement;
}

/** How far `advanceClock` has moved the sandbox clock; kept in the store so every process agrees. */
export function clockOffsetMs(db: SandboxDb): number {
  const row = sql(db, 'SELECT offset_ms FROM sandbox_clock WHERE id = 1').get() as { offset_ms: number } | undefined;
  return row?.offset_ms ?? 0;
}

export function setClockOffsetMs(db: SandboxDb, offsetMs: number): void {
  sql(db, 'INSERT INTO sandbox_clock (id, offset_ms) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET offset_ms = excluded.offset_ms').run(offsetMs);
}
