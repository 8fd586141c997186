// `npm run bench:journal`: how fast the journal appends with synchronous = FULL (a begin + finish
// pair per job, as a job that calls the issuer writes), how long verifying 10,000, 100,000 and
// 1,000,000 entries takes, and how long a login's settling pass (reading the open jobs) takes on a
// journal of 0, 100,000 and 1,000,000 entries, and the journal screen's pages of today's jobs on each.
// Prints figures, asserts nothing. Runs the built code in dist/ (the npm script compiles first).
// The files go to the system temp folder, or JOURNAL_BENCH_DIR: a RAM-backed temp folder makes
// fsync nearly free, so point it at the disk the console's data folder lives on for real figures.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../dist/main/journal/journal.js';
import { verifyJournal } from '../../dist/main/journal/verify.js';
import { compareWithAnchor } from '../../dist/main/journal/integrity.js';
import { GENESIS_HASH, entryHash } from '../../dist/main/journal/chain.js';
import { FileJournalKey, keyFileBeside } from '../../dist/main/journal/key.js';

/**
 * A journal of `entries` entries (begin + finish pairs, one job in 10,000 left open), written in
 * one transaction without fsync so a million take seconds, not hours: the rows and their keyed
 * hashes are exactly what Journal writes (chain.ts's entryHash, the key beside the file).
 */
function fill(file, entries) {
  Journal.open(file, identity).close();
  const key = new FileJournalKey(keyFileBeside(file), { create: false }).load();
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  const columns = ['seq', 'at', 'kind', 'refers_to', 'job', 'terminal_id', 'branch_code', 'institution_code', 'teller_id',
    'supervisor_id', 'customer', 'customer_ref', 'device', 'idempotency_key', 'result', 'issuer_ref', 'settled', 'training'];
  const insert = db.prepare(`INSERT INTO entries (${columns.join(', ')}, prev_hash, hash) VALUES (${columns.map((c) => `@${c}`).join(', ')}, @prev_hash, @hash)`);
  const open = db.prepare('INSERT INTO open_jobs (seq) VALUES (?)');
  let prev = GENESIS_HASH;
  const add = (content) => {
    const hash = entryHash(key, prev, content);
    insert.run({ ...content, prev_hash: prev, hash });
    prev = hash;
  };
  db.transaction(() => {
    const at = new Date('2025-03-14T00:00:00Z').toISOString();
    for (let seq = 1, i = 0; seq <= entries; i++) {
      const f = facts(i);
      const base = { at, job: f.job, terminal_id: identity.terminalId, branch_code: identity.branchCode, institution_code: identity.institutionCode,
        teller_id: f.tellerId, supervisor_id: null, customer: f.customer, customer_ref: f.customerRef, device: f.device,
        idempotency_key: f.idempotencyKey, issuer_ref: null, settled: 0, training: 1 };
      const pending = seq;
      add({ ...base, seq: seq++, kind: 'PENDING', refers_to: null, result: null });
      if (i % 10_000 === 9_999 || seq > entries) open.run(pending);
      else add({ ...base, seq: seq++, kind: 'OUTCOME', refers_to: pending, result: 'OK', issuer_ref: `DEV-${i}` });
    }
  })();
  db.close();
}

const PAIRS = Number(process.env.BENCH_PAIRS ?? 2000);
/** Jobs of today appended to each sized journal: more than two of the journal screen's pages. */
const TODAY_JOBS = 1200;
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
/** The median of 5 timed runs of `work`, in ms, after one to warm up. */
function median(work) {
  work();
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    work();
    runs.push(seconds(start) * 1000);
  }
  return runs.sort((a, b) => a - b)[2];
}
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

  // Verify and a login's settling pass at 0, 100,000 and 1,000,000 entries.
  for (const size of (process.env.BENCH_SIZES ?? "0,100000,1000000").split(",").map(Number)) {
    const file = join(dir, `size-${size}.sqlite`);
    start = process.hrtime.bigint();
    fill(file, size);
    const fillSeconds = seconds(start);
    let verifyText = '';
    if (size > 0) {
      start = process.hrtime.bigint();
      const report = verifyJournal(file);
      const verifyMs = seconds(start) * 1000;
      if (!report.ok || report.entries !== size) throw new Error(`unexpected report: ${JSON.stringify(report)}`);
      verifyText = `verify ${verifyMs.toFixed(0)} ms; `;
    }
    const journal = Journal.open(file, identity);
    journal.unsettled(); // warm-up
    const settle = [];
    for (let i = 0; i < 5; i++) {
      start = process.hrtime.bigint();
      journal.unsettled();
      settle.push(seconds(start) * 1000);
    }
    // The start's integrity check: the whole chain, then the entry at the issuer's anchor (here: the head).
    const head = journal.head();
    start = process.hrtime.bigint();
    const finding = compareWithAnchor(journal, size ? { seq: head.seq, headHash: head.hash, entryCount: head.entryCount, anchoredAt: new Date().toISOString() } : null);
    const startCheckMs = seconds(start) * 1000;
    if (!finding.ok) throw new Error(`unexpected finding: ${finding.detail}`);
    // The journal screen on top of that history: today's pages (the filled entries are of an older day).
    for (let i = 0; i < TODAY_JOBS; i++) journal.record({ job: 'OTP_CHECK', tellerId: 'T0001', device: `D-${i}` }, { result: i % 10 ? 'OK' : 'OTP_MISMATCH' });
    const first = journal.page({ todayOnly: true });
    const pageMs = (query) => median(() => journal.page(query));
    const screen = [pageMs({ todayOnly: true }), pageMs({ todayOnly: true, before: first.next }), pageMs({ todayOnly: true, failedOnly: true, text: 'd-1' })];
    if (first.total !== TODAY_JOBS || first.next === null) throw new Error(`unexpected page: ${first.total} jobs, next ${first.next}`);
    journal.close();
    settle.sort((a, b) => a - b);
    console.log(
      `${String(size).padStart(9)} entries          ${verifyText}start check against the anchor ${startCheckMs.toFixed(0)} ms; ` +
        `login settle read (open jobs) median ${settle[2].toFixed(2)} ms (built in ${fillSeconds.toFixed(1)} s)`,
    );
    console.log(
      `${' '.repeat(27)}journal screen, ${TODAY_JOBS} jobs today: first page ${screen[0].toFixed(1)} ms, next page ${screen[1].toFixed(1)} ms, ` +
        `failures + text ${screen[2].toFixed(1)} ms (medians of 5, each with its count)`,
    );
    rmSync(file, { force: true });
  }

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
