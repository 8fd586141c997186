import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal, type JournalIdentity } from '../../main/journal/journal.js';
import { verifyJournal } from '../../main/journal/verify.js';

// The child runs the built module, as the console does; `npm test` builds before vitest runs.
const BUILT = resolve('dist/main/journal/journal.js');
const identity: JournalIdentity = { terminalId: 'T-CRASH', branchCode: '0101', institutionCode: '088', training: true };

/**
 * The child: settles what an earlier child left open (as the console does at start), then appends
 * without pause (begin/finish pairs and single events) until it is killed. After its first 200
 * appends it prints the seq of its last committed entry; fs.writeSync so the line leaves at once
 * even though the loop never yields.
 */
const CHILD = `
import { writeSync } from 'node:fs';
import { Journal } from ${JSON.stringify(pathToFileURL(BUILT).href)};

const journal = Journal.open(process.argv[2], ${JSON.stringify(identity)});
for (const open of journal.unsettled()) journal.finish(open.seq, { result: 'NOT_DONE', settled: true });
let appends = 0;
let last = 0;
let told = false;
for (let i = 0; ; i++) {
  if (i % 3 === 2) {
    last = journal.record({ job: 'OTP_CHECK', tellerId: 'T0001', device: 'D-' + i }, { result: 'OK' });
    appends++;
  } else {
    const seq = journal.begin({ job: 'CARD_REGISTER', tellerId: 'T0001', customerRef: 'C-' + i, idempotencyKey: 'k-' + process.pid + '-' + i });
    appends++;
    last = seq;
    journal.finish(seq, { result: i % 5 ? 'OK' : 'CARD_NOT_IN_STOCK', issuerRef: 'DEV-' + i });
    appends++;
    last = seq + 1;
  }
  if (appends >= 200 && !told) {
    writeSync(1, 'appended up to #' + last + '\\n');
    told = true;
  }
}
`;

/** Starts a child on the journal, waits for its report line, kills it after `delayMs`; returns the reported seq. */
function appendAndKill(script: string, file: string, delayMs: number): Promise<number> {
  const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolvePromise, reject) => {
    let reported: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const match = /appended up to #(\d+)\n/.exec(stdout);
      if (match && reported === null) {
        reported = Number(match[1]);
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.once('exit', (code, signal) => {
      if (reported !== null && signal === 'SIGKILL') resolvePromise(reported);
      else reject(new Error(`the appending child ended by itself (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

describe('the journal survives a console killed mid-append', () => {
  let dir: string;

  beforeAll(() => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: build first with \`npx tsc -p main/tsconfig.json\` (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'journal-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a verifiable chain, every reported entry and a consistent list of open jobs after 5 SIGKILLs', async () => {
    const script = join(dir, 'append.mjs');
    writeFileSync(script, CHILD);
    const file = join(dir, 'journal.sqlite');
    let reported = 0;

    // Varied moments: at once, and a little later into the loop.
    for (const delayMs of [0, 7, 25, 60, 120]) {
      reported = await appendAndKill(script, file, delayMs);

      const report = verifyJournal(file);
      expect(report, `after a kill ${delayMs} ms past the report`).toMatchObject({ ok: true });
      expect(report.entries).toBeGreaterThanOrEqual(reported);

      // What unsettled() lists must be exactly the PENDING entries with no OUTCOME, read raw. The
      // child finishes each call straight after beginning it, so at most the last entry is open.
      const db = new Database(file, { readonly: true });
      const pending = db.prepare("SELECT seq FROM entries WHERE kind = 'PENDING'").pluck().all() as number[];
      const answered = new Set(db.prepare("SELECT refers_to FROM entries WHERE kind = 'OUTCOME'").pluck().all() as number[]);
      db.close();
      const open = pending.filter((seq) => !answered.has(seq));
      const journal = Journal.open(file, identity);
      expect(journal.unsettled().map((u) => u.seq)).toEqual(open);
      expect(open.length === 0 || (open.length === 1 && open[0] === report.entries)).toBe(true);
      for (const seq of open) expect(journal.job(seq)).toMatchObject({ result: 'PENDING', finishedAt: null });
      journal.close();
    }

    // The next child settled whatever each kill left open: nothing is open but perhaps the last.
    const journal = Journal.open(file, identity);
    const settled = journal.jobs({ todayOnly: false, text: 'not_done' });
    for (const job of settled) expect(job).toMatchObject({ settledAfterRestart: true, job: 'CARD_REGISTER' });
    expect(journal.unsettled().length).toBeLessThanOrEqual(1);
    journal.close();
    expect(verifyJournal(file)).toMatchObject({ ok: true });
  }, 120_000);
});
