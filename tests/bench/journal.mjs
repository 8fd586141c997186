// `npm run bench:journal`: how fast the journal appends with synchronous = FULL (a begin + finish
// pair per job, as a job that calls the issuer writes), and how long verifying 10,000 entries takes.
// Prints figures, asserts nothing. Runs the built code in dist/ (the npm script compiles first).
// The files go to the system temp folder, or JOURNAL_BENCH_DIR: a RAM-backed temp folder makes
// fsync nearly free, so point it at the disk the console's data folder lives on for real figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../dist/main/journal/journal.js';
import { verifyJournal } from '../../dist/main/journal/verify.js';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 2000);
const VERIFY_ENTRIES = 10_000;
const identity = { terminalId: 'T-BENCH', branchCode: '0101', institutionCode: '088', training: true };
const facts = (i) => ({
  job: 'CARD_REGISTER',
  tellerId: 'T0001',
  customer: '홍*동 900101-1******',
  customerRef: `C-${i % 50}`,
  device: `KF/12****${String(i % 100).padStart(2, '0')}`,
  idempotencyKey: `bench-${i}`,
});

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const dir = mkdtempSync(join(process.env.JOURNAL_BENCH_DIR ?? tmpdir(), 'journal-bench-'));

try {
  // Appends: begin + finish pairs, each entry its own IMMEDIATE transaction and fsync.
  const appendFile = join(dir, 'append.sqlite');
  const journal = Journal.open(appendFile, identity);
  for (let i = 0; i < 50; i++) journal.finish(journal.begin(facts(i)), { result: 'OK' }); // warm-up
  let start = process.hrtime.bigint();
  for (let i = 0; i < PAIRS; i++) journal.finish(journal.begin(facts(i)), { result: 'OK', issuerRef: `DEV-${i}` });
  const appendSeconds = seconds(start);
  journal.close();
  console.log(
    `append (synchronous=FULL)  ${PAIRS} jobs = ${PAIRS * 2} entries in ${appendSeconds.toFixed(2)} s: ` +
      `${Math.round(PAIRS / appendSeconds)} jobs/s, ${Math.round((PAIRS * 2) / appendSeconds)} entries/s, ` +
      `${((appendSeconds * 1000) / (PAIRS * 2)).toFixed(3)} ms per entry`,
  );

  // Verify: a journal of exactly 10,000 entries.
  const verifyFile = join(dir, 'verify.sqlite');
  const big = Journal.open(verifyFile, identity);
  for (let i = 0; i < VERIFY_ENTRIES / 2; i++) big.finish(big.begin(facts(i)), { result: 'OK', issuerRef: `DEV-${i}` });
  big.close();
  verifyJournal(verifyFile); // warm-up: file cache and JIT
  const runs = [];
  for (let i = 0; i < 5; i++) {
    start = process.hrtime.bigint();
    const report = verifyJournal(verifyFile);
    runs.push(seconds(start) * 1000);
    if (!report.ok || report.entries !== VERIFY_ENTRIES) throw new Error(`unexpected report: ${JSON.stringify(report)}`);
  }
  runs.sort((a, b) => a - b);
  console.log(`verify                     ${VERIFY_ENTRIES} entries: median ${runs[2].toFixed(1)} ms (min ${runs[0].toFixed(1)}, max ${runs[4].toFixed(1)}; 5 runs)`);

  // What the journal screen asks for: one customer's jobs, and a text search over everything.
  const reader = Journal.open(verifyFile, identity);
  start = process.hrtime.bigint();
  const mine = reader.jobs({ todayOnly: false, text: '', customerRef: 'C-7' });
  const byCustomerMs = seconds(start) * 1000;
  start = process.hrtime.bigint();
  const found = reader.jobs({ todayOnly: false, text: '****07' });
  const textMs = seconds(start) * 1000;
  reader.close();
  console.log(`query                      customerRef: ${mine.length} jobs in ${byCustomerMs.toFixed(1)} ms; text: ${found.length} jobs in ${textMs.toFixed(1)} ms (of ${VERIFY_ENTRIES / 2})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
