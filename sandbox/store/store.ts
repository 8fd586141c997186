import Database from 'better-sqlite3';
import { randomBytes, scrypt, scryptSync } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { maskRrn } from '../../issuer-api/domain.js';
import { attachStoreKey, keyedDigest, loadStoreKey } from './secrets.js';
import { SEED_CARDS, SEED_CUSTOMERS, SEED_DEVICES, SEED_STAFF, SEED_STOCK_DELIVERY } from './seed.js';

export { keyedDigest, sandboxKeyFileOf, seal, unseal } from './secrets.js';

export type SandboxDb = Database.Database;

/**
 * The sandbox issuer's store. It is written like a real one: passwords are salted hashes; RRNs,
 * bearer and approval tokens and codes sent to customers are kept only as digests keyed with a
 * secret outside the database (secrets.ts); request bodies are not kept (a keyed digest tells a
 * reused key), stored answers are sealed, loss and termination notes are redacted. Its file carries
 * SANDBOX_APPLICATION_ID, and it opens no file that carries another or none.
 * Bump SCHEMA_VERSION when the tables change: an older store of ours is rebuilt from the seed
 * (sandbox data is disposable by definition).
 */
const SCHEMA_VERSION = 15;

/** SQLite's application_id of a sandbox store file ('OTPS'); the console's journal has its own. */
export const SANDBOX_APPLICATION_ID = 0x4f545053;

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
  -- the bearer token's keyed digest: the token itself is never stored
  token_hash TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff(staff_id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at TEXT,
  -- LOGOUT, or STAFF_LOCKED: the account locked, and every open session of it ended then
  ended_reason TEXT CHECK (ended_reason IN ('LOGOUT', 'STAFF_LOCKED')),
  CHECK ((ended_at IS NULL) = (ended_reason IS NULL))
);
CREATE TABLE approvals (
  token_hash TEXT PRIMARY KEY,
  supervisor_id TEXT NOT NULL REFERENCES staff(staff_id),
  requested_by TEXT NOT NULL REFERENCES staff(staff_id),
  -- who may spend it: the staff session that asked for it, at the terminal it asked from
  session_hash TEXT NOT NULL REFERENCES staff_sessions(token_hash),
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
  -- HMAC-SHA-256 of the RRN under the store's key (secrets.ts): found by, never reversed
  rrn_lookup TEXT NOT NULL UNIQUE,
  rrn_masked TEXT NOT NULL,
  document_type TEXT NOT NULL,
  document_issue_date TEXT NOT NULL,
  document_reported_lost INTEGER NOT NULL DEFAULT 0
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
  -- when the card was handed to its holder (issuance or replacement): a DEFECT_WITHIN_1_YEAR waiver counts from it
  issued_at TEXT,
  -- the card that replaced this one (ISSUER-API.md v1.1 "Replacement"): a lookup names it, masked
  replaced_by_vendor_code TEXT,
  replaced_by_serial TEXT,
  -- a card received into stock (v1.1 "the branch"): the branch whose stock it is, the delivery, when
  branch_code TEXT,
  delivery_ref TEXT,
  received_at TEXT,
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
  -- LOST or STOLEN while the device is LOST, as the report said
  loss_reason TEXT,
  -- when the device last turned RESTRICTED: the restricted-devices worklist's "since"
  restricted_at TEXT,
  FOREIGN KEY (card_vendor_code, card_serial) REFERENCES cards(vendor_code, serial)
);
CREATE TABLE registrations (
  registration_id TEXT PRIMARY KEY,
  customer_ref TEXT NOT NULL REFERENCES customers(customer_ref),
  institution_code TEXT NOT NULL,
  -- the branch it was started at and who issued its app code: the pending-activations worklist
  branch_code TEXT,
  app_code_issued_by TEXT,
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
  activated_at TEXT,
  -- JSON array of the masked numbers texted about the activation
  notified TEXT
);
CREATE TABLE sms_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  mobile TEXT NOT NULL,
  text TEXT NOT NULL,
  sent_at TEXT NOT NULL
);
-- the numbers on record (v1.1 "Numbers"): one customer's each, at most 3, in the order they came
CREATE TABLE customer_mobiles (
  mobile TEXT PRIMARY KEY,
  customer_ref TEXT NOT NULL REFERENCES customers(customer_ref),
  position INTEGER NOT NULL
);
CREATE INDEX customer_mobiles_by_customer ON customer_mobiles (customer_ref, position);
-- a device ended by its holder (v1.1 "the rest of a device's life"); the note is redacted like a loss report's
CREATE TABLE terminations (
  device_id TEXT PRIMARY KEY REFERENCES devices(device_id),
  institution_code TEXT NOT NULL,
  reason TEXT NOT NULL,
  note TEXT,
  terminated_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
-- a card handed over from stock, new (ISSUE) or in place of the holder's card (REPLACE), with the fee charged
CREATE TABLE card_issuances (
  issuance_ref TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('ISSUE', 'REPLACE')),
  vendor_code TEXT NOT NULL,
  serial TEXT NOT NULL,
  customer_ref TEXT NOT NULL REFERENCES customers(customer_ref),
  device_id TEXT NOT NULL REFERENCES devices(device_id),
  old_device_id TEXT REFERENCES devices(device_id),
  reason TEXT,
  fee_code TEXT NOT NULL,
  fee_amount INTEGER NOT NULL,
  fee_waiver_reason TEXT,
  institution_code TEXT NOT NULL,
  branch_code TEXT NOT NULL,
  issued_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  FOREIGN KEY (vendor_code, serial) REFERENCES cards(vendor_code, serial)
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
  -- keyed digest of operation, path and canonical body: tells a reuse with another request; no body is kept
  request_digest TEXT NOT NULL,
  status INTEGER NOT NULL,
  error_code TEXT,
  -- the answer as first given, sealed under the store's key (it may hold a token or a code)
  outcome BLOB NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (institution_code, branch_code, terminal_id, staff_id, key)
);
CREATE TABLE journal_anchors (
  -- each terminal's journal heads as it reported them: the witness its journal must still reach
  institution_code TEXT NOT NULL,
  branch_code TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  entry_count INTEGER NOT NULL,
  anchored_at TEXT NOT NULL,
  PRIMARY KEY (institution_code, branch_code, terminal_id, seq)
);
CREATE TABLE day_closes (
  -- a terminal's closed business days (ISSUER-API.md v1.1 "the branch"); a reopen keeps the row
  close_ref TEXT PRIMARY KEY,
  institution_code TEXT NOT NULL,
  branch_code TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  business_date TEXT NOT NULL,
  journal_seq INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  -- the console's summary, stored as given (JSON, at most 16 KiB)
  summary TEXT NOT NULL,
  closed_by TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  reopened_by TEXT,
  reopened_at TEXT,
  reopen_reason TEXT
);
CREATE INDEX day_closes_by_terminal_date ON day_closes (institution_code, branch_code, terminal_id, business_date);
-- the branch's stock (v1.1 "the branch"): physical counts as recorded, and cards disposed of
CREATE TABLE stock_counts (
  count_id TEXT PRIMARY KEY,
  institution_code TEXT NOT NULL,
  branch_code TEXT NOT NULL,
  expected INTEGER NOT NULL,
  counted INTEGER NOT NULL,
  -- JSON arrays of {vendorCode, serial}
  missing TEXT NOT NULL,
  unexpected TEXT NOT NULL,
  counted_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE stock_disposals (
  disposal_ref TEXT PRIMARY KEY,
  vendor_code TEXT NOT NULL,
  serial TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('DAMAGED', 'DEFECTIVE')),
  institution_code TEXT NOT NULL,
  branch_code TEXT NOT NULL,
  disposed_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  FOREIGN KEY (vendor_code, serial) REFERENCES cards(vendor_code, serial)
);
CREATE TABLE store_key (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- a keyed digest of a constant: tells that the key given is this store's, and is no key itself
  check_value TEXT NOT NULL
);
CREATE TABLE sandbox_clock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  offset_ms INTEGER NOT NULL
);

-- What the rules look rows up by, other than a primary key, so that a request costs the same with a
-- hundred thousand registrations on file as with none (npm run bench:issuer). The test
-- sandbox-store-indexes.test.ts asks SQLite's plan of each such query.
-- the phone's app code (partial: most rows have none once activated or cancelled)
CREATE INDEX registrations_by_app_code ON registrations (app_code_hash) WHERE app_code_hash IS NOT NULL;
-- a customer's devices: the list (in its order), a Digital OTP replaced, one Smart OTP per institution
CREATE INDEX devices_by_customer ON devices (customer_ref, registered_at, device_id);
-- every device record of one card, lost or found together
CREATE INDEX devices_by_card ON devices (card_vendor_code, card_serial) WHERE card_vendor_code IS NOT NULL;
-- the SMS inbox of a number, newest first: the rowid closes each index entry, so no sort is needed
CREATE INDEX sms_outbox_by_mobile ON sms_outbox (mobile);
-- a staff account that locks ends its open sessions
CREATE INDEX staff_sessions_open_by_staff ON staff_sessions (staff_id) WHERE ended_at IS NULL;
-- the branch's stock, in card order; the worklists, in the order they fall due or arose (v1.1 "the branch")
CREATE INDEX cards_in_stock ON cards (issuing_institution, branch_code, vendor_code, serial) WHERE status = 'IN_STOCK';
CREATE INDEX registrations_pending_activation ON registrations (institution_code, branch_code, app_code_expires_at)
  WHERE status = 'APP_CODE_ISSUED';
CREATE INDEX devices_restricted ON devices (institution_code, restricted_at) WHERE status = 'RESTRICTED';
`;

/** Children before parents, so deleting in this order never trips a foreign key. */
const TABLES = [
  'day_closes', 'stock_counts', 'stock_disposals',
  'card_issuances', 'terminations', 'customer_mobiles',
  'journal_anchors', 'idempotency', 'sms_outbox', 'loss_reports', 'registrations', 'devices', 'identity_checks', 'cards', 'customers',
  'approvals', 'staff_sessions', 'staff', 'sandbox_clock', 'store_key',
] as const;

// ---------------------------------------------------------------- hashing

/** Sandbox passwords are hashed even though they are published: the store is written like a real one. */
const PASSWORD_HASH_BYTES = 32;
const SCRYPT_COST = { N: 1 << 12 };

/** Blocks the event loop (~9 ms): only for the seed, and for a salt that changed under a login (staff.ts). */
export const hashPasswordNow = (password: string, salt: Buffer) => scryptSync(password, salt, PASSWORD_HASH_BYTES, SCRYPT_COST);

/** The same hash on libuv's thread pool: other requests are answered meanwhile. */
export function hashPassword(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, PASSWORD_HASH_BYTES, SCRYPT_COST, (error, hash) => (error ? reject(error) : resolve(hash)));
  });
}

/** What the store keeps of an RRN (13 digits) to find the customer by: keyed, so the db alone never gives it back. */
export const rrnLookup = (db: SandboxDb, rrn: string) => keyedDigest(db, 'rrn', rrn);

// ---------------------------------------------------------------- opening, seeding

export interface SandboxDbOptions {
  /** The store's secret (32 bytes or more); by default a key file beside the db, or per process for ':memory:'. */
  key?: Buffer;
}

/**
 * Opens (or creates) the sandbox store: a file in WAL mode, or ':memory:'. Seeds a new store. A file
 * that carries another application_id, or none while not empty, is refused before anything is
 * written to it: the console's journal and the sandbox can never open each other's file.
 */
export function openSandboxDb(file: string, options: SandboxDbOptions = {}): SandboxDb {
  if (file !== ':memory:') refuseForeignFile(file);
  const db = new Database(file);
  try {
    if (db.pragma('application_id', { simple: true }) !== SANDBOX_APPLICATION_ID) {
      // The header said new or empty; a schema without our mark is still someone else's.
      if (db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() !== 0) throw foreign(file, 'no application_id');
      db.pragma(`application_id = ${SANDBOX_APPLICATION_ID}`);
    }
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    attachStoreKey(db, loadStoreKey(file, options.key));
    if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) rebuild(db);
    const check = db.prepare('SELECT check_value FROM store_key WHERE id = 1').pluck().get();
    if (check !== keyCheck(db)) {
      throw new Error(`${file}: the key given is not this sandbox store's (its RRN lookups and tokens would not be found); give its key, or delete the store`);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

const keyCheck = (db: SandboxDb) => keyedDigest(db, 'key-check', 'sandbox store');

const foreign = (file: string, why: string) =>
  new Error(`${file} is not a sandbox issuer store (${why}; a sandbox store carries application_id ${SANDBOX_APPLICATION_ID}): refused, the file is left as it was`);

/** Reads the file's SQLite header, and only that: a file of another program is refused before SQLite opens (and so writes to) it. */
function refuseForeignFile(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // a new store
    throw error;
  }
  if (size === 0) return;
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw foreign(file, 'not a SQLite database');
  const applicationId = header.readInt32BE(68);
  if (applicationId === 0) throw foreign(file, 'no application_id');
  if (applicationId !== SANDBOX_APPLICATION_ID) throw foreign(file, `application_id ${applicationId}, another program's`);
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
  db.prepare('INSERT INTO store_key (id, check_value) VALUES (1, ?)').run(keyCheck(db));
}

/** Restores the seed of ISSUER-API.md, dropping everything done since (and the clock offset). */
export function seed(db: SandboxDb): void {
  db.transaction(() => {
    // The store's key check stays: a reset keeps the store and its key.
    for (const table of TABLES) if (table !== 'store_key') db.exec(`DELETE FROM ${table}`);
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
    insert.run(s.staffId, s.name, s.role, salt, hashPasswordNow(s.password, salt));
  }
}

function seedCustomers(db: SandboxDb): void {
  const insert = db.prepare(
    `INSERT INTO customers (customer_ref, name, customer_type, rrn_lookup, rrn_masked, document_type, document_issue_date,
       document_reported_lost) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMobile = db.prepare('INSERT INTO customer_mobiles (mobile, customer_ref, position) VALUES (?, ?, ?)');
  for (const c of SEED_CUSTOMERS) {
    const rrn = c.rrn.replace('-', '');
    insert.run(
      c.customerRef, c.name, c.type, rrnLookup(db, rrn), maskRrn(rrn), c.document.type, c.document.issueDate,
      c.document.reportedLost ? 1 : 0,
    );
    c.mobiles.forEach((mobile, position) => insertMobile.run(mobile, c.customerRef, position));
  }
}

function seedCards(db: SandboxDb): void {
  const insert = db.prepare(
    `INSERT INTO cards (vendor_code, serial, status, issuing_institution, holder_ref, issued_at, branch_code, delivery_ref, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const c of SEED_CARDS) {
    const stock = c.status === 'IN_STOCK' ? SEED_STOCK_DELIVERY : { branchCode: null, deliveryRef: null, receivedAt: null };
    insert.run(
      c.vendorCode, c.serial, c.status, c.issuingInstitutionCode, c.holderRef, seedIssuedAt(c), stock.branchCode, stock.deliveryRef, stock.receivedAt,
    );
  }
}

/**
 * A seed card was issued when it was registered at its issuing institution (ISSUER-API.md v1.1
 * "Replacement"); one in stock, or with no such record (홍길동's lost card), has no known date.
 */
function seedIssuedAt(card: (typeof SEED_CARDS)[number]): string | null {
  const record = SEED_DEVICES.find(
    (d) => d.card?.vendorCode === card.vendorCode && d.card.serial === card.serial && d.institutionCode === card.issuingInstitutionCode,
  );
  return record?.registeredAt ?? null;
}

/**
 * A seed device restricted since its last use (ISSUER-API.md v1.1 "Worklists"); the seed records
 * none, so since its registration, the last time the issuer knows it was used.
 */
function seedRestrictedAt(device: (typeof SEED_DEVICES)[number]): string | null {
  return device.status === 'RESTRICTED' ? device.registeredAt : null;
}

function seedDevices(db: SandboxDb): void {
  const insert = db.prepare(
    `INSERT INTO devices (device_id, kind, status, fail_count, max_fail, institution_code, customer_ref, registered_at,
       mobile, otp_seed, card_vendor_code, card_serial, restricted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const d of SEED_DEVICES) {
    insert.run(
      d.deviceId, d.kind, d.status, d.failCount, d.maxFail, d.institutionCode, d.customerRef, d.registeredAt,
      d.mobile ?? null, d.otpSeed ?? null, d.card?.vendorCode ?? null, d.card?.serial ?? null, seedRestrictedAt(d),
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
