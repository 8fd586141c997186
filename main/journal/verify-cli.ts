import { existsSync } from 'node:fs';
import { describeBreak, verifyJournal, type VerifyReport } from './verify.js';

/**
 * `npm run journal:verify -- <file>`: checks a journal's hash chain. One line on stdout:
 * `journal OK: <n> entries, head <hash>` (exit 0) or `journal BROKEN at entry #<seq> …` (exit 1).
 * No file, or one that cannot be read as a journal: a message on stderr, exit 2.
 */

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run journal:verify -- <journal file>');
  process.exitCode = 2;
} else if (!existsSync(file)) {
  console.error(`journal: no such file: ${file}`);
  process.exitCode = 2;
} else {
  let report: VerifyReport | undefined;
  try {
    report = verifyJournal(file);
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
