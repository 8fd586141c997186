import type { JournalJob } from '../../shared/journal.js';

/** The export's columns: JournalJob's own field names, so a file reads the same in any language. */
const COLUMNS = [
  'seq', 'receiptNo', 'startedAt', 'finishedAt', 'job', 'terminalId', 'branchCode', 'tellerId', 'supervisorId', 'customer',
  'device', 'result', 'issuerRef', 'settledAfterRestart', 'training',
] as const satisfies ReadonlyArray<keyof JournalJob>;

/** The fee, one field of JournalJob, as two columns: the won charged (0 when waived) and the waiver reason; empty without a fee. */
const FEE_COLUMNS = {
  feeAmount: (job: JournalJob) => job.fee?.amount ?? null,
  feeWaiverReason: (job: JournalJob) => job.fee?.waiverReason ?? null,
};

// Excel on a Korean Windows reads a file without a BOM as CP949 and garbles Hangul.
const BOM = '\uFEFF';

// A spreadsheet runs a cell starting with one of these as a formula (CSV injection); tab and CR
// are on the same list because some spreadsheets strip them and then read what follows.
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The jobs as CSV (RFC 4180: quoted where needed, CRLF line ends), with a header row and a UTF-8 BOM. */
export function toCsv(jobs: JournalJob[]): string {
  const header = [...COLUMNS, ...Object.keys(FEE_COLUMNS)];
  const row = (job: JournalJob) => [...COLUMNS.map((column) => job[column]), ...Object.values(FEE_COLUMNS).map((of) => of(job))];
  const rows = [header.join(','), ...jobs.map((job) => row(job).map(cell).join(','))];
  return `${BOM}${rows.map((row) => `${row}\r\n`).join('')}`;
}
