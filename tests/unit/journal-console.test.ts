import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE } from '../../main/app/console.js';
import { verifyJournal } from '../../main/journal/verify.js';
import { createTestConsole, type TestConsole } from '../support/test-console.js';

// The journal as the console wires it: what the composition root refuses and what it checks.
const consoles: TestConsole[] = [];
afterEach(async () => {
  for (const c of consoles.splice(0)) await c.dispose();
});

describe('the journal file in the console', () => {
  it('refuses a training store configured at the journal file, and leaves the journal as it was', async () => {
    const first = createTestConsole('journal-console');
    consoles.push(first);
    const { dataDir } = first;
    await first.main.stop();
    const file = join(dataDir, JOURNAL_FILE);
    const before = readFileSync(file);
    for (const sandboxDb of [JOURNAL_FILE, file, `./${JOURNAL_FILE}`]) {
      expect(() => createTestConsole('journal-console', { sandboxDb }, dataDir)).toThrow(/sandboxDb.*electronic journal/);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(verifyJournal(file)).toMatchObject({ ok: true });
  });
});
