import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { TerminalIdentity } from '../../issuer-api/schemas.js';
import { HttpIssuer } from '../issuer/http-client.js';
import { FileJournalKey } from './key.js';
import { INTEGRITY_LINE_PREFIX, compareWithAnchor, latestAnchor } from './integrity.js';
import { describeBreak, verifyJournal, type VerifyReport } from './verify.js';

/**
 * `npm run journal:verify -- <file> [--key <key file>] [--issuer <url> [--cert F --client-key F --ca F]]`:
 * checks a journal's keyed chain, with the key file beside the journal (journal.key) unless --key
 * names another. One line on stdout: `journal OK: <n> entries, head <hash>` (exit 0) or
 * `journal BROKEN at entry #<seq> …` (exit 1). With --issuer, a second line compares the journal
 * with the issuer's latest anchor of the terminal its entries name: `journal integrity: OK, …`
 * or `journal integrity: ALARM <reason>: …` (exit 1). No file, no key, a file that cannot be
 * read as a journal, or an issuer that cannot be asked: a message on stderr, exit 2.
 */

const USAGE = 'usage: npm run journal:verify -- <journal file> [--key <key file>] [--issuer <url> [--cert <pem> --client-key <pem> --ca <pem>]]';

function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      issuer: { type: 'string' },
      cert: { type: 'string' },
      'client-key': { type: 'string' },
      ca: { type: 'string' },
    },
  });
}

/** The journal file read-only, as the comparison with the anchor needs it, and the terminal its last entry names. */
function readJournal(file: string, key: Buffer | undefined) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const last = db.prepare('SELECT seq, hash, terminal_id, branch_code, institution_code FROM entries ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: string; terminal_id: string; branch_code: string; institution_code: string }
      | undefined;
    if (!last) throw new Error(`${file} has no entries: it names no terminal to ask the issuer about`);
    const entryCount = db.prepare('SELECT count(*) FROM entries').pluck().get() as number;
    const hashAt = db.prepare('SELECT hash FROM entries WHERE seq = ?').pluck();
    const terminal: TerminalIdentity = { institutionCode: last.institution_code, branchCode: last.branch_code, terminalId: last.terminal_id };
    return {
      terminal,
      journal: {
        created: false,
        head: () => ({ seq: last.seq, hash: last.hash, entryCount }),
        hashAt: (seq: number) => hashAt.get(seq) as string | undefined,
        verify: () => verifyJournal(file, key),
      },
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    console.error(`journal: ${(error as Error).message}`);
    console.error(USAGE);
    return 2;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(file)) {
    console.error(`journal: no such file: ${file}`);
    return 2;
  }
  const { values } = parsed;
  let key: Buffer | undefined;
  let report: VerifyReport;
  try {
    key = values.key === undefined ? undefined : new FileJournalKey(values.key, { create: false }).load();
    report = verifyJournal(file, key);
  } catch (error) {
    console.error(`journal: ${(error as Error).message}`);
    return 2;
  }
  if (!report.ok) {
    console.log(`journal BROKEN ${describeBreak(report.firstBad)}`);
    return 1;
  }
  // The head is for comparing with one recorded earlier: a chain cannot show a cut-off end.
  console.log(`journal OK: ${report.entries} entries, head ${report.headHash}`);
  if (values.issuer === undefined) return 0;

  let read: ReturnType<typeof readJournal> | undefined;
  try {
    read = readJournal(file, key);
    const tls = {
      ...(values.cert ? { cert: readFileSync(values.cert) } : {}),
      ...(values['client-key'] ? { key: readFileSync(values['client-key']) } : {}),
      ...(values.ca ? { ca: readFileSync(values.ca) } : {}),
    };
    const issuer = new HttpIssuer({ baseUrl: values.issuer, terminal: read.terminal, tls, retries: 1 });
    const finding = compareWithAnchor(read.journal, await latestAnchor(issuer));
    console.log(`${INTEGRITY_LINE_PREFIX} ${finding.ok ? `OK, ${finding.detail}` : `ALARM ${finding.reason}: ${finding.detail}`}`);
    return finding.ok ? 0 : 1;
  } catch (error) {
    console.error(`journal: cannot compare with the issuer's anchor: ${(error as Error).message}`);
    return 2;
  } finally {
    read?.close();
  }
}

process.exitCode = await main();
