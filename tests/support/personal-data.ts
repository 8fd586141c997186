import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { maskName, redact } from '../../issuer-api/domain.js';
import { SEED_CUSTOMERS, SEED_STAFF } from '../../sandbox/store/seed.js';

/**
 * Looks for personal data where none may be: the console's logs and IT's support bundle. A full
 * RRN (13 digits, with or without the dash), a full mobile number (01x and 10–11 digits, with or
 * without dashes) or a name of the sandbox seed's customers and staff (read from the seed, so a
 * new seed person is covered). Digits glued to letters are left alone: a hex hash is not an RRN.
 */

export type PersonalDataKind = 'RRN' | 'MOBILE' | 'NAME';

export interface Finding {
  file: string;
  line: number;
  kind: PersonalDataKind;
  /** What was found, masked: the report of a leak must not repeat it. */
  masked: string;
}

const RRN = /(?<![0-9A-Za-z])\d{6}[-\s]?\d{7}(?![0-9A-Za-z])/g;
const MOBILE = /(?<![0-9A-Za-z])01[016789][-.\s]?\d{3,4}[-.\s]?\d{4}(?![0-9A-Za-z])/g;
export const SEED_NAMES: readonly string[] = [...SEED_CUSTOMERS.map((customer) => customer.name), ...SEED_STAFF.map((staff) => staff.name)];

/** Every piece of personal data in one text, by line (1-based). */
export function findPersonalData(text: string): Array<Omit<Finding, 'file'>> {
  const found: Array<Omit<Finding, 'file'>> = [];
  text.split('\n').forEach((content, index) => {
    const line = index + 1;
    for (const match of content.matchAll(RRN)) found.push({ line, kind: 'RRN', masked: maskedDigits(match[0]) });
    for (const match of content.matchAll(MOBILE)) found.push({ line, kind: 'MOBILE', masked: maskedDigits(match[0]) });
    for (const name of SEED_NAMES) if (content.includes(name)) found.push({ line, kind: 'NAME', masked: maskName(name) });
  });
  return found;
}

/** redact() masks what it knows; anything else it matched here keeps only its first 3 digits. */
function maskedDigits(text: string): string {
  const masked = redact(text);
  return masked !== text ? masked : `${text.slice(0, 3)}${'*'.repeat(text.length - 3)}`;
}

/** Every file under `dir` whose name passes `keep`, recursively. */
export function filesUnder(dir: string, keep: (name: string) => boolean = () => true): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export function scanFiles(files: readonly string[]): Finding[] {
  return files.flatMap((file) => findPersonalData(readFileSync(file, 'utf8')).map((finding) => ({ file, ...finding })));
}

/** One line per finding: `<file>:<line>: a full RRN (900101-1******)`. */
export function describeFindings(findings: readonly Finding[], root = process.cwd()): string {
  const what: Record<PersonalDataKind, string> = { RRN: 'a full RRN', MOBILE: 'a full mobile number', NAME: 'a seed name' };
  return findings.map((f) => `${relative(root, f.file)}:${f.line}: ${what[f.kind]} (${f.masked})`).join('\n');
}

/**
 * The check an e2e run ends with: the log files of every console host it started. Throws, naming
 * file and line, on any personal data, and when there are no logs at all (a scan of nothing would
 * pass whatever the console wrote elsewhere). Returns the figures for the run's output.
 */
export function checkRunLogs(dir: string): { files: number; lines: number } {
  let files: string[] = [];
  try {
    files = filesUnder(dir, (name) => name.endsWith('.log'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const lines = files.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 0);
  if (files.length === 0 || lines === 0) {
    throw new Error(`no console log lines under ${dir}: the hosts' logs were not written where this check reads them`);
  }
  const findings = scanFiles(files);
  if (findings.length > 0) throw new Error(`personal data in the console's logs:\n${describeFindings(findings)}`);
  return { files: files.length, lines };
}
