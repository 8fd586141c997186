import type Database from 'better-sqlite3';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * The store's secret, kept OUTSIDE the database (issue 12): whoever has the db file alone can
 * neither find an RRN by trying the date+serial space, nor use a token, nor read a stored answer.
 * - a file store: a key file beside the db (`<db>.key`, 32 random bytes, mode 0600), or a key
 *   the caller gives;
 * - a ':memory:' store: one random key per process.
 * From it come keyed digests (HMAC-SHA-256, one purpose each: RRN lookups, tokens, request
 * digests, codes sent to customers) and sealed answers (AES-256-GCM) for idempotent replays.
 */

export const STORE_KEY_BYTES = 32;

const PROCESS_KEY = randomBytes(STORE_KEY_BYTES);

interface Keys {
  digest: Buffer;
  seal: Buffer;
}
const keysOf = new WeakMap<Database.Database, Keys>();

/** Where a store file's key lives: beside it. */
export const sandboxKeyFileOf = (file: string) => `${file}.key`;

/** The key of a store: the one given, the process's for ':memory:', or the key file's (made when missing). */
export function loadStoreKey(file: string, given?: Buffer): Buffer {
  if (given) {
    if (given.length < STORE_KEY_BYTES) throw new Error(`a sandbox store key has at least ${STORE_KEY_BYTES} bytes`);
    return given;
  }
  if (file === ':memory:') return PROCESS_KEY;
  const keyFile = sandboxKeyFileOf(file);
  try {
    const fd = openSync(keyFile, 'wx', 0o600);
    try {
      const key = randomBytes(STORE_KEY_BYTES);
      writeSync(fd, key);
      fsyncSync(fd);
      return key;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = readFileSync(keyFile);
  if (key.length !== STORE_KEY_BYTES) throw new Error(`${keyFile} is not a sandbox store key (${STORE_KEY_BYTES} bytes)`);
  return key;
}

/** Gives an open store its key; every digest and seal below needs it. */
export function attachStoreKey(db: Database.Database, key: Buffer): void {
  const derive = (purpose: string) => createHmac('sha256', key).update(`sandbox-store ${purpose}`, 'utf8').digest();
  keysOf.set(db, { digest: derive('digest'), seal: derive('seal') });
}

function keys(db: Database.Database): Keys {
  const found = keysOf.get(db);
  if (!found) throw new Error('the sandbox store was opened without its key (openSandboxDb)');
  return found;
}

export type DigestPurpose = 'rrn' | 'token' | 'request' | 'code' | 'key-check';

/** HMAC-SHA-256 under the store's key, one purpose apart from another: what the store keeps instead of a secret. */
export function keyedDigest(db: Database.Database, purpose: DigestPurpose, text: string): string {
  return createHmac('sha256', keys(db).digest).update(`${purpose}\0${text}`, 'utf8').digest('hex');
}

/** `text` encrypted and authenticated under the store's key, bound to `context` (where it is stored). */
export function seal(db: Database.Database, context: string, text: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys(db).seal, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** What `seal` sealed, if it was sealed for this `context` under this key (else it throws). */
export function unseal(db: Database.Database, context: string, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', keys(db).seal, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}
