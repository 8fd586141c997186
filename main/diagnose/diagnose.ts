import { join } from 'node:path';
import type { NFC } from 'nfc-pcsc';
import type { JournalKey } from '../journal/key.js';
import { JOURNAL_FILE } from '../app/console.js';
import type { LoadedConfiguration } from '../config/load.js';
import { readTlsFiles, type IssuerConnection } from '../config/settings.js';
import type { ReaderSnapshot } from '../reader/reader-service.js';
import {
  checkClientCertificate,
  checkClock,
  checkDataFolder,
  checkIssuerHealth,
  checkIssuerTls,
  checkJournal,
  checkPcsc,
  checkServerCertificate,
  readerSnapshot,
  type CheckResult,
} from './checks.js';
import { checkConfiguration } from './configuration.js';
import { probeHealth, probeTls } from './issuer-probe.js';

export interface DiagnoseDeps {
  configuration: LoadedConfiguration;
  dataDir: string;
  /** The local clock (tests move it to show a skew). */
  now?: () => Date;
  createNfc: () => NFC;
  pcscWaitMs?: number;
  /** Where the console keeps the journal key (safeStorage on a Windows desktop console); else journal.key beside it. */
  journalKey?: JournalKey;
}

export interface DiagnoseReport {
  at: string;
  /** False when any check FAILs: the command's exit code is 1 then. */
  ok: boolean;
  checks: CheckResult[];
  /** The readers as the PC/SC check saw them (the support bundle keeps this as its reader probe). */
  readers: ReaderSnapshot;
}

/**
 * Every check of `--diagnose`, each on its own: a broken configuration still lets the PC/SC,
 * journal and data-folder checks run. The issuer and PC/SC are asked at the same time.
 */
export async function runDiagnose(deps: DiagnoseDeps): Promise<DiagnoseReport> {
  const now = deps.now ?? (() => new Date());
  const at = now().toISOString();
  const config = deps.configuration.ok ? deps.configuration.config : null;
  const [issuer, readers] = await Promise.all([issuerChecks(config?.issuer ?? null, config !== null, now), readerSnapshot(deps.createNfc, deps.pcscWaitMs)]);
  const checks = [
    checkConfiguration(deps.configuration),
    ...issuer,
    checkPcsc(readers),
    checkJournal(join(deps.dataDir, JOURNAL_FILE), deps.journalKey),
    checkDataFolder(deps.dataDir),
  ];
  return { at, ok: checks.every((check) => check.status !== 'fail'), checks, readers };
}

async function issuerChecks(issuer: IssuerConnection | null, configured: boolean, now: () => Date): Promise<CheckResult[]> {
  if (!configured) return [{ check: 'issuer', status: 'warn', detail: 'not checked: the configuration has problems', facts: {} }];
  if (!issuer) {
    return [{ check: 'issuer', status: 'warn', detail: 'training mode: no issuer configured, the sandbox answers in-process', facts: { trainingMode: true } }];
  }
  // A certificate in the Windows store is Electron's network stack's to present; Node cannot read it.
  const clientCertificate: CheckResult = issuer.clientCertSubject
    ? {
        check: 'client-certificate',
        status: 'warn',
        detail: `in the Windows certificate store (subject ${issuer.clientCertSubject}): not checked here, and not presented by the checks below`,
        facts: { subject: issuer.clientCertSubject },
      }
    : checkClientCertificate(issuer, now());
  let tls: ReturnType<typeof readTlsFiles>;
  try {
    tls = readTlsFiles(issuer);
  } catch (error) {
    const unread = { check: 'issuer-tls', status: 'fail' as const, detail: (error as Error).message, facts: {} };
    return [unread, clientCertificate];
  }
  const url = new URL(issuer.url);
  const timeoutMs = Math.min(issuer.timeoutMs, 10_000);
  const [handshake, health] = await Promise.all([probeTls(url, tls, timeoutMs), probeHealth(issuer.url, tls, timeoutMs, now)]);
  return [
    checkIssuerTls(handshake),
    checkServerCertificate(handshake, issuer.caFile),
    clientCertificate,
    checkClock(health, now),
    checkIssuerHealth(health),
  ];
}
