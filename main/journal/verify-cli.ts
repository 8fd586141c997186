import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FileJournalKey } from './key.js';
import { describeBreak, verifyJournal, type VerifyReport } from './verify.js';

/**
 * `npm run journal:verify -- <file> [--key <key file>]`: checks a journal's keyed chain, with the
 * key file beside the journal (journal.key) unless --key names another. One line on stdout:
 * `journal OK: <n> entries, head <hash>` (exit 0) or `journal BROKEN at entry #<seq> …` (exit 1).
 * No file, no key, or one that cannot be read as a journal: a message on stderr, exit 2.
 */

let parsed: ReturnType<typeof parse> | undefined;
function parse() {
  return parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { key: { type: 'string' } } });
}
try {
  parsed = parse();
} catch (error) {
  console.error(`journal: ${(error as Error).message}`);
}
const file = parsed?.positionals[0];
if (!parsed || !file || parsed.positionals.length > 1) {
  console.error('usage: npm run journal:verify -- <journal file> [--key <key file>]');
  process.exitCode = 2;
} else if (!existsSync(file)) {
  console.error(`journal: no such file: ${file}`);
  process.exitCode = 2;
} else {
  let report: VerifyReport | undefined;
  try {
    const key = parsed.values.key === undefined ? undefined : new FileJournalKey(parsed.values.key, { create: false }).load();
    report = verifyJournal(file, key);
  } catch (error) {
    console.error(`journal: ${(error as Error).message}`);
    process.exitCode = 2;
  }
  if (report?.ok) {
    // The head is for comparing with one recorded earlier: a chain cannot show a cut-off end.
    console.log(`journal OK: ${report.entries} entries, head ${report.headHash}`);
  } else if (report) {
    console.log(`journal BROKEN ${describeBreak(report.firstBad)}`);
    process.exitCode = 1;
  }
}
