import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SafeStorageJournalKey, type SafeStorageLike } from '../../main/journal/key.js';
import { Journal } from '../../main/journal/journal.js';
import { verifyJournal } from '../../main/journal/verify.js';
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
