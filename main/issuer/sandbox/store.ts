import Database from 'better-sqlite3';
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { SEED_STAFF } from './seed.js';

export type SandboxDb = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS staff (
  staff_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('TELLER', 'SUPERVISOR')),
  password_salt BLOB NOT NULL,
  password_hash BLOB NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS staff_sessions (
  token TEXT PRIMARY KEY,
  staff_id TEXT NOT NULL REFERENCES staff(staff_id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at TEXT
);
`;

/** Sandbox passwords are hashed even though they are published: the store is written like a real one. */
const hashPassword = (password: string, salt: Buffer) => scryptSync(password, salt, 32, { N: 1 << 12 });

export function passwordMatches(password: string, salt: Buffer, hash: Buffer): boolean {
  return timingSafeEqual(hashPassword(password, salt), hash);
}

/** Opens (or creates) the sandbox store: a file in WAL mode, or ':memory:'. Seeds an empty store. */
export function openSandboxDb(file: string): SandboxDb {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  const { count } = db.prepare('SELECT count(*) AS count FROM staff').get() as { count: number };
  if (count === 0) seed(db);
  return db;
}

/** Restores the seed of ISSUER-API.md, dropping everything done since. */
export function seed(db: SandboxDb): void {
  const insert = db.prepare(
    'INSERT INTO staff (staff_id, name, role, password_salt, password_hash) VALUES (?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    db.exec('DELETE FROM staff_sessions; DELETE FROM staff;');
    for (const s of SEED_STAFF) {
      const salt = randomBytes(16);
      insert.run(s.staffId, s.name, s.role, salt, hashPassword(s.password, salt));
    }
  })();
}
