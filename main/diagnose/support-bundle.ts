import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { redact } from '../../issuer-api/domain.js';
import { LOG_FOLDER } from '../app/log.js';
import { runDiagnose, type DiagnoseDeps } from './diagnose.js';
import { formatJson, formatText } from './report.js';

export interface SupportBundle {
  /** The folder written, for IT to zip and send. */
  dir: string;
  files: string[];
}

/**
 * Writes a support bundle: a new folder in `outDir` with what IT's second line asks for first.
 * Nothing in it is a secret or a customer's: configuration values as the loader shows them (a URL
 * without user:password, certificate paths but never a key), logs that were redacted when written
 * (and are again here), the journal's check (entries and head, no entry), the diagnose report and
 * the readers seen.
 */
export async function writeSupportBundle(outDir: string, deps: DiagnoseDeps): Promise<SupportBundle> {
  const now = deps.now ?? (() => new Date());
  const terminalId = deps.configuration.ok ? deps.configuration.config.terminal.terminalId : 'unconfigured';
  const stamp = now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const dir = resolve(outDir, `support-${terminalId}-${stamp}`.replace(/[^\w.-]/g, '_'));
  mkdirSync(outDir, { recursive: true });
  // Never into an earlier bundle: a second one in the same second is refused, not merged.
  mkdirSync(dir);
  const report = await runDiagnose(deps);

  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text.endsWith('\n') ? text : `${text}\n`);
    files.push(name);
  };
  const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? redact(v) : v), 2);
  const check = (name: string) => report.checks.find((c) => c.check === name);

  write('README.txt', README);
  write('diagnose.txt', formatText(report));
  write('diagnose.json', formatJson(report));
  write('configuration.json', json({ ok: deps.configuration.ok, ...deps.configuration.view }));
  write('journal-check.json', json({ status: check('journal')?.status, detail: check('journal')?.detail, ...check('journal')?.facts }));
  write('readers.json', json({ status: check('pcsc')?.status, ...report.readers }));
  write(
    'system.json',
    json({ createdAt: report.at, host: hostname(), platform: process.platform, arch: process.arch, node: process.versions.node, electron: process.versions.electron ?? null }),
  );

  const logs = join(deps.dataDir, LOG_FOLDER);
  if (existsSync(logs)) {
    mkdirSync(join(dir, 'logs'));
    for (const name of readdirSync(logs).filter((file) => /^console(\.\d+)?\.log$/.test(file)).sort()) {
      // Redacted when written; redacted again in case an older console wrote it.
      write(join('logs', name), redact(readFileSync(join(logs, name), 'utf8')));
    }
  }
  return { dir, files };
}

const README = `Branch OTP Console support bundle

diagnose.txt / .json   every check of --diagnose: OK, WARN or FAIL, with details
configuration.json     each setting, its value and where it came from (policy, file, launch, default);
                       URLs without user:password, certificate paths but never a key's content
journal-check.json     the electronic journal's hash-chain check: entry count and head hash
readers.json           the PC/SC service state and the readers listed
system.json            this PC: host name, platform, versions
logs/                  the console's log files (console.log newest, then console.1.log …)

No customer data: logs and reports never hold a full RRN, mobile number or name.
`;
