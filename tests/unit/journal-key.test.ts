import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileJournalKey, journalKeyFor, SafeStorageJournalKey, type SafeStorageLike } from '../../main/journal/key.js';
import { Journal } from '../../main/journal/journal.js';
import { verifyJournal } from '../../main/journal/verify.js';
import { checkJournal } from '../../main/diagnose/checks.js';
import { identity, journalFileEachTest } from './support/journal.js';

// The key kept by Electron's safeStorage (DPAPI on Windows), with safeStorage substituted: a
// reversible stand-in that only "this account" (the fake's secret) can undo.
const at = journalFileEachTest();

function fakeSafeStorage(secret: number, available = true): SafeStorageLike {
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ secret));
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => flip(Buffer.from(`dpapi:${text}`)),
    decryptString: (blob) => {
      const text = flip(blob).toString();
      if (!text.startsWith('dpapi:')) throw new Error('cannot decrypt: another account');
      return text.slice('dpapi:'.length);
    },
  };
}

describe('the journal key kept by safeStorage', () => {
  it('is made encrypted on first use, never stored in the clear, and keys the journal', () => {
    const keyFile = join(at.dir, 'ProgramData', 'journal.key.dpapi');
    const key = new SafeStorageJournalKey(keyFile, fakeSafeStorage(0x5a));
    const journal = Journal.open(at.file, identity, undefined, key);
    journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0001' }, { result: 'OK' });
    journal.close();
    const loaded = key.load();
    expect(loaded).toHaveLength(32);
    expect(readFileSync(keyFile).includes(loaded.toString('hex'))).toBe(false);
    expect(existsSync(join(at.dir, 'journal', 'journal.key'))).toBe(false); // no plain key beside the journal
    expect(verifyJournal(at.file, loaded)).toMatchObject({ ok: true, entries: 1 });
  });

  it('cannot be read by another account, and refuses to run without safeStorage', () => {
    const keyFile = join(at.dir, 'journal.key.dpapi');
    new SafeStorageJournalKey(keyFile, fakeSafeStorage(0x5a)).load();
    expect(() => new SafeStorageJournalKey(keyFile, fakeSafeStorage(0x33)).load()).toThrow(/another account/);
    expect(() => new SafeStorageJournalKey(keyFile, fakeSafeStorage(0x5a, false)).load()).toThrow(/not available/);
  });
});

describe("journalKeyFor: the desktop console's key, by platform", () => {
  it('on Windows keeps the key encrypted by safeStorage in journal.key.dpapi, never as the plain key', () => {
    const key = journalKeyFor('win32', at.dir, fakeSafeStorage(0x5a));
    expect(key).toBeInstanceOf(SafeStorageJournalKey);
    const loaded = key.load();
    expect(loaded).toHaveLength(32);
    expect(readdirSync(at.dir)).toEqual(['journal.key.dpapi']); // no plain journal.key
    const stored = readFileSync(join(at.dir, 'journal.key.dpapi'));
    expect(stored.equals(loaded)).toBe(false);
    expect(stored.includes(loaded)).toBe(false);
    expect(stored.includes(loaded.toString('hex'))).toBe(false);
    // The next start (a new console, the same account) reads the same key back.
    expect(journalKeyFor('win32', at.dir, fakeSafeStorage(0x5a)).load().equals(loaded)).toBe(true);
    expect(key.load().equals(loaded)).toBe(true);
  });

  it('on Windows refuses to run without safeStorage encryption, and writes no key at all', () => {
    expect(() => journalKeyFor('win32', at.dir, fakeSafeStorage(0x5a, false)).load()).toThrow(/not available/);
    expect(readdirSync(at.dir)).toEqual([]);
  });

  it('on Windows keeps the key of a journal already keyed with a plain journal.key', () => {
    const plain = join(at.dir, 'journal.key');
    const earlier = Buffer.alloc(32, 7);
    writeFileSync(plain, earlier, { mode: 0o600 });
    expect(journalKeyFor('win32', at.dir, fakeSafeStorage(0x5a)).load().equals(earlier)).toBe(true);
    expect(readFileSync(join(at.dir, 'journal.key.dpapi')).includes(earlier.toString('hex'))).toBe(false);
    expect(journalKeyFor('win32', at.dir, fakeSafeStorage(0x5a)).load().equals(earlier)).toBe(true);
  });

  it.each(['linux', 'darwin'] as const)('on %s uses the plain journal.key (mode 0600) and never safeStorage', (platform) => {
    const never: SafeStorageLike = {
      isEncryptionAvailable: () => {
        throw new Error('safeStorage used');
      },
      encryptString: () => {
        throw new Error('safeStorage used');
      },
      decryptString: () => {
        throw new Error('safeStorage used');
      },
    };
    const key = journalKeyFor(platform, at.dir, never);
    expect(key).toBeInstanceOf(FileJournalKey);
    const loaded = key.load();
    expect(readdirSync(at.dir)).toEqual(['journal.key']);
    expect(readFileSync(join(at.dir, 'journal.key')).equals(loaded)).toBe(true);
    expect(statSync(join(at.dir, 'journal.key')).mode & 0o777).toBe(0o600);
  });
});

describe("the journal check of --diagnose on a Windows desktop console (key kept by safeStorage)", () => {
  it('verifies the journal with the DPAPI key, and never makes a key of its own', () => {
    const dataDir = join(at.dir, 'journal'); // the journal's folder is the data folder
    const journal = Journal.open(at.file, identity, undefined, journalKeyFor('win32', dataDir, fakeSafeStorage(0x5a)));
    journal.record({ job: 'STAFF_LOGIN', tellerId: 'T0001' }, { result: 'OK' });
    journal.close();
    expect(checkJournal(at.file, journalKeyFor('win32', dataDir, fakeSafeStorage(0x5a), { create: false }))).toMatchObject({
      status: 'ok',
      facts: { entries: 1 },
    });
    // Without the DPAPI key there is no plain journal.key to fall back on.
    expect(checkJournal(at.file)).toMatchObject({ status: 'fail' });

    // A DPAPI key file gone missing is reported, not replaced by a new key.
    rmSync(join(dataDir, 'journal.key.dpapi'));
    expect(checkJournal(at.file, journalKeyFor('win32', dataDir, fakeSafeStorage(0x5a), { create: false }))).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('journal.key.dpapi'),
    });
    expect(existsSync(join(dataDir, 'journal.key.dpapi'))).toBe(false);
  });
});
