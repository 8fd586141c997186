import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The journal's chain key (HMAC-SHA-256, chain.ts): whoever can write the journal file but cannot
 * read this key cannot edit an entry and re-chain the rest. The key must live where the teller's
 * account cannot read it (README "Electronic journal key"); how it is kept is behind this interface.
 */
export interface JournalKey {
  load(): Buffer;
}

/** The key's length in bytes: SHA-256's block-sized secret, far beyond guessing. */
export const JOURNAL_KEY_BYTES = 32;

/** The key file beside a journal file: `journal.key` in the same folder. */
export const keyFileBeside = (journalFile: string) => join(dirname(journalFile), 'journal.key');

/**
 * A key in a file of its own: 32 raw bytes, created mode 0600 when missing (unless `create: false`).
 * On POSIX a key file others can read is refused; on Windows the folder's ACL decides (see the README).
 */
export class FileJournalKey implements JournalKey {
  constructor(
    private readonly file: string,
    private readonly options: { create?: boolean } = {},
  ) {}

  load(): Buffer {
    if (!existsSync(this.file)) {
      if (this.options.create === false) throw new Error(`no journal key at ${this.file}`);
      mkdirSync(dirname(this.file), { recursive: true });
      // wx: two consoles starting at once must not each write a key of their own.
      try {
        const fd = openSync(this.file, 'wx', 0o600);
        try {
          writeSync(fd, randomBytes(JOURNAL_KEY_BYTES));
        } finally {
          closeSync(fd);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    if (process.platform !== 'win32' && (statSync(this.file).mode & 0o077) !== 0) {
      throw new Error(`the journal key ${this.file} is readable by others; it must be mode 0600, owned by the console's account`);
    }
    const key = readFileSync(this.file);
    if (key.length < JOURNAL_KEY_BYTES) throw new Error(`the journal key ${this.file} is not a key: it must hold at least ${JOURNAL_KEY_BYTES} bytes`);
    return key;
  }
}

/** What the key needs of Electron's safeStorage (DPAPI on Windows), so tests can substitute it. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * A key kept encrypted by Electron's safeStorage (DPAPI on Windows) in a file, e.g. in ProgramData.
 * DPAPI ties it to the account the console runs as: run as a service account, and tellers' own
 * accounts cannot decrypt it (README "Electronic journal key"). When the file is missing it is made
 * from `adopt` (a plain key the journal is already keyed with) if that gives one, else from 32 new
 * random bytes.
 */
export class SafeStorageJournalKey implements JournalKey {
  constructor(
    private readonly file: string,
    private readonly safeStorage: SafeStorageLike,
    /** `create: false`: a missing file is an error (a check must not make a key of its own). */
    private readonly options: { adopt?: () => Buffer | null; create?: boolean } = {},
  ) {}

  load(): Buffer {
    if (!this.safeStorage.isEncryptionAvailable()) throw new Error('the journal key needs safeStorage (DPAPI), which is not available');
    if (!existsSync(this.file)) {
      if (this.options.create === false) throw new Error(`no journal key at ${this.file}`);
      mkdirSync(dirname(this.file), { recursive: true });
      const key = this.options.adopt?.() ?? randomBytes(JOURNAL_KEY_BYTES);
      writeFileSync(this.file, this.safeStorage.encryptString(key.toString('hex')), { mode: 0o600, flag: 'wx' });
    }
    let text: string;
    try {
      text = this.safeStorage.decryptString(readFileSync(this.file));
    } catch (error) {
      // DPAPI opens it only under the account that made it: say which key, for IT.
      throw new Error(`the journal key ${this.file} cannot be decrypted by this account: ${(error as Error).message}`);
    }
    const key = Buffer.from(text, 'hex');
    if (key.length < JOURNAL_KEY_BYTES) throw new Error(`the journal key ${this.file} did not decrypt to a key`);
    return key;
  }
}

/** The desktop console's DPAPI-encrypted key in the data folder: a name of its own, never the plain `journal.key`. */
export const SAFE_STORAGE_KEY_FILE = 'journal.key.dpapi';

/**
 * The journal key the desktop console uses: on Windows kept by safeStorage (DPAPI) in
 * `journal.key.dpapi` in the data folder; elsewhere the plain `journal.key` beside the journal
 * (mode 0600). A Windows data folder that already has a plain `journal.key` (a console from before
 * this) has that key encrypted into the DPAPI file, so its journal stays verifiable; the plain file
 * is left for IT to remove once a copy is kept with the backups.
 */
export function journalKeyFor(
  platform: NodeJS.Platform,
  dataDir: string,
  safeStorage: SafeStorageLike,
  /** `create: false` for checks (`--diagnose`): a missing key is reported, never made. */
  options: { create?: boolean } = {},
): JournalKey {
  const plain = join(dataDir, 'journal.key');
  if (platform !== 'win32') return new FileJournalKey(plain, options);
  return new SafeStorageJournalKey(join(dataDir, SAFE_STORAGE_KEY_FILE), safeStorage, {
    ...options,
    adopt: () => (existsSync(plain) ? new FileJournalKey(plain, { create: false }).load() : null),
  });
}
