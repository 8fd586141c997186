import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NFC } from 'nfc-pcsc';
import { HealthResponseSchema } from '../../issuer-api/schemas.js';
import type { JournalKey } from '../journal/key.js';
import { describeBreak, verifyJournal } from '../journal/verify.js';
import { pcscdSocketPath } from '../reader/pcscd.js';
import { ReaderService, type ReaderSnapshot } from '../reader/reader-service.js';
import type { HealthProbe, TlsProbe } from './issuer-probe.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the diagnose report: what was checked, its verdict, the detail IT reads, the facts behind it. */
export interface CheckResult {
  check: string;
  status: CheckStatus;
  detail: string;
  facts: Record<string, unknown>;
}

/**
 * Where a check turns from OK to WARN to FAIL. In one place, so the report, the README and the
 * tests agree.
 */
export const THRESHOLDS = {
  /** A client certificate this close to its end is renewed now, before the counter stops. */
  clientCertWarnDays: 30,
  /**
   * The issuer's clock against this PC's. Supervisor approvals live 2 minutes and SMS and app codes
   * expire by the issuer's clock: a minute off shows wrong expiry times, five minutes off breaks
   * approvals outright (and certificate validity near a renewal).
   */
  clockWarnSeconds: 60,
  clockFailSeconds: 5 * 60,
  /** The journal fsyncs every entry: a full disk stops every job. */
  diskWarnBytes: 1024 ** 3,
  diskFailBytes: 100 * 1024 ** 2,
  /** How long the PC/SC check waits for the service and its readers. */
  pcscWaitMs: 3000,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const MiB = 1024 ** 2;
const sizeText = (bytes: number) => (bytes >= 1024 * MiB ? `${(bytes / (1024 * MiB)).toFixed(1)} GiB` : `${Math.floor(bytes / MiB)} MiB`);
const result = (check: string, status: CheckStatus, detail: string, facts: Record<string, unknown> = {}): CheckResult => ({
  check,
  status,
  detail,
  facts,
});

// ---------------------------------------------------------------- issuer

/** The handshake itself: who answered, with which protocol and cipher. */
export function checkIssuerTls(probe: TlsProbe): CheckResult {
  const where = `${probe.host}:${probe.port}`;
  if (!probe.ok) return result('issuer-tls', 'fail', `no TLS handshake with ${where}: ${probe.reason}`, { host: probe.host, port: probe.port });
  return result('issuer-tls', 'ok', `${where}, ${probe.protocol ?? 'unknown protocol'}, ${probe.cipher}`, {
    host: probe.host,
    port: probe.port,
    protocol: probe.protocol,
    cipher: probe.cipher,
  });
}

/** The issuer's certificate: trusted by the configured CA (or the system's), for this host, in date. */
export function checkServerCertificate(probe: TlsProbe, caFile: string | undefined): CheckResult {
  if (!probe.ok) return result('server-certificate', 'fail', 'not seen: no TLS handshake');
  const { server, untrusted } = probe;
  const facts = { ...server, caFile: caFile ?? null, trusted: untrusted === null };
  const named = `${server.subject} (issued by ${server.issuer}, valid ${server.validFrom.slice(0, 10)} to ${server.validTo.slice(0, 10)})`;
  if (untrusted !== null) {
    const by = caFile ? `the configured CA ${caFile}` : "the system's CAs";
    return result('server-certificate', 'fail', `${named} is not trusted by ${by}: ${untrusted}`, facts);
  }
  return result('server-certificate', 'ok', `${named}, trusted`, facts);
}

/** The terminal's certificate: readable, in date (a warning 30 days ahead), and its key belongs to it. */
export function checkClientCertificate(files: { clientCertFile?: string; clientKeyFile?: string }, now: Date): CheckResult {
  const { clientCertFile, clientKeyFile } = files;
  if (!clientCertFile) return result('client-certificate', 'warn', 'no client certificate configured: the issuer must accept the terminal without one');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(readFileSync(clientCertFile));
  } catch (error) {
    return result('client-certificate', 'fail', `cannot read the client certificate ${clientCertFile}: ${(error as Error).message}`, { file: clientCertFile });
  }
  const validTo = new Date(cert.validTo);
  const validFrom = new Date(cert.validFrom);
  const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  const facts = {
    file: clientCertFile,
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    daysLeft,
    fingerprint256: cert.fingerprint256,
  };
  const named = `${facts.subject} (${clientCertFile})`;
  if (now < validFrom) return result('client-certificate', 'fail', `${named} is not valid before ${facts.validFrom}`, facts);
  if (now > validTo) return result('client-certificate', 'fail', `${named} expired on ${facts.validTo}`, facts);
  // The key's content is read to compare it with the certificate, and never shown.
  if (clientKeyFile) {
    try {
      if (!cert.checkPrivateKey(createPrivateKey(readFileSync(clientKeyFile)))) {
        return result('client-certificate', 'fail', `the key ${clientKeyFile} does not belong to ${named}`, facts);
      }
    } catch (error) {
      return result('client-certificate', 'fail', `cannot read the client key ${clientKeyFile}: ${(error as Error).message}`, facts);
    }
  }
  if (daysLeft < THRESHOLDS.clientCertWarnDays) {
    return result('client-certificate', 'warn', `${named} expires in ${daysLeft} days (${facts.validTo}): renew it`, facts);
  }
  return result('client-certificate', 'ok', `${named} valid until ${facts.validTo} (${daysLeft} days)`, facts);
}

/** GET /v1/health: answered, and as the contract says. */
export function checkIssuerHealth(probe: HealthProbe): CheckResult {
  if (!probe.ok) return result('issuer-health', 'fail', `no answer to GET /v1/health: ${probe.reason}`);
  const ms = probe.receivedAt.getTime() - probe.sentAt.getTime();
  const facts = { httpStatus: probe.status, answeredInMs: ms };
  if (probe.status !== 200) return result('issuer-health', 'fail', `GET /v1/health answered HTTP ${probe.status}`, facts);
  let json: unknown;
  try {
    json = JSON.parse(probe.body);
  } catch {
    json = undefined;
  }
  const health = HealthResponseSchema.safeParse(json);
  if (!health.success) return result('issuer-health', 'fail', 'GET /v1/health answered something other than {"status":"ok","version":…}', facts);
  return result('issuer-health', 'ok', `status ${health.data.status}, version ${health.data.version}, in ${ms} ms`, { ...facts, version: health.data.version });
}

/**
 * This PC's clock against the issuer's: the answer's HTTP Date header (whole seconds) against the
 * local clock halfway through the request.
 */
export function checkClock(probe: HealthProbe, now: () => Date): CheckResult {
  if (!probe.ok) return result('clock', 'warn', 'not checked: no answer from the issuer');
  if (!probe.date || Number.isNaN(Date.parse(probe.date))) return result('clock', 'warn', 'not checked: the issuer sent no Date header');
  // The header drops the milliseconds: the issuer's time was somewhere in that second, its middle on average.
  const issuer = new Date(Date.parse(probe.date) + 500);
  const local = new Date((probe.sentAt.getTime() + probe.receivedAt.getTime()) / 2);
  const skewSeconds = Math.round((local.getTime() - issuer.getTime()) / 1000);
  const facts = { issuerDate: issuer.toISOString(), local: local.toISOString(), skewSeconds, checkedAt: now().toISOString() };
  const how = `this PC's clock is ${Math.abs(skewSeconds)} s ${skewSeconds >= 0 ? 'ahead of' : 'behind'} the issuer's`;
  const skew = Math.abs(skewSeconds);
  if (skew > THRESHOLDS.clockFailSeconds) return result('clock', 'fail', `${how} (more than ${THRESHOLDS.clockFailSeconds} s): set the time (NTP)`, facts);
  if (skew > THRESHOLDS.clockWarnSeconds) return result('clock', 'warn', `${how} (more than ${THRESHOLDS.clockWarnSeconds} s)`, facts);
  return result('clock', 'ok', `${how} (within ${THRESHOLDS.clockWarnSeconds} s)`, facts);
}

// ---------------------------------------------------------------- PC/SC

/**
 * The counter's PC/SC service and readers, through the console's own reader service: waits for a
 * reader (up to `waitMs`), then a moment more for the others to be listed.
 */
export async function readerSnapshot(createNfc: () => NFC, waitMs: number = THRESHOLDS.pcscWaitMs): Promise<ReaderSnapshot> {
  const service = new ReaderService({ createNfc, pollMs: 200 });
  const ready = (snapshot: ReaderSnapshot) => snapshot.state === 'READER_READY' || snapshot.state === 'CARD_PRESENT';
  try {
    await new Promise<void>((resolve) => {
      let timer = setTimeout(finish, waitMs);
      let settling = false;
      const stop = service.onChange((snapshot) => {
        if (!ready(snapshot) || settling) return;
        // The first reader is in: give the others a moment to be listed too.
        settling = true;
        clearTimeout(timer);
        timer = setTimeout(finish, Math.min(300, waitMs));
      });
      function finish() {
        stop();
        resolve();
      }
      service.start();
    });
    return service.snapshot();
  } finally {
    await service.stop();
  }
}

export function checkPcsc(snapshot: ReaderSnapshot): CheckResult {
  const facts = { state: snapshot.state, readers: snapshot.readers, ...(process.platform === 'win32' ? {} : { socket: pcscdSocketPath() }) };
  const readers = snapshot.readers.join(', ');
  switch (snapshot.state) {
    case 'READER_READY':
    case 'CARD_PRESENT':
      return result('pcsc', 'ok', `${snapshot.readers.length} reader(s): ${readers}`, facts);
    case 'NO_READER':
      return result('pcsc', 'warn', 'the PC/SC service runs, but no reader is connected: cards can only be typed', facts);
    default:
      // Windows stops its Smart Card service while no reader is plugged in: not always a fault.
      return result('pcsc', 'warn', 'the PC/SC service does not answer (pcscd / Smart Card service stopped, or no reader plugged in): cards can only be typed', facts);
  }
}

// ---------------------------------------------------------------- data folder

/**
 * The journal's hash chain, walked as `npm run journal:verify` walks it, with `key` where the
 * console keeps it (safeStorage on a Windows desktop console), else the key file beside the journal.
 */
export function checkJournal(file: string, key?: JournalKey): CheckResult {
  if (!existsSync(file)) return result('journal', 'ok', `no journal yet at ${file}: nothing recorded on this terminal`, { file, entries: 0 });
  try {
    const report = verifyJournal(file, key);
    if (report.ok) return result('journal', 'ok', `${report.entries} entries, head ${report.headHash}`, { file, entries: report.entries, head: report.headHash });
    return result('journal', 'fail', `broken ${describeBreak(report.firstBad)}`, { file, entries: report.entries, firstBad: report.firstBad });
  } catch (error) {
    return result('journal', 'fail', (error as Error).message, { file });
  }
}

/** The data folder: there, writable, with room for the journal and the logs. */
export function checkDataFolder(dir: string): CheckResult {
  try {
    if (!statSync(dir).isDirectory()) return result('data-folder', 'fail', `${dir} is not a folder`, { dir });
  } catch {
    return result('data-folder', 'fail', `${dir} does not exist`, { dir });
  }
  // A real write: on Windows only a file can tell what the folder's ACL lets this account do.
  const probe = join(dir, `.diagnose-${process.pid}.tmp`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    return result('data-folder', 'fail', `${dir} is not writable by this account: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { dir });
  }
  const stats = statfsSync(dir);
  const freeBytes = stats.bavail * stats.bsize;
  // In MiB: a byte count of a large disk has 13 digits, which reads like an RRN to a leak scan.
  const facts = { dir, freeMiB: Math.floor(freeBytes / MiB), totalMiB: Math.floor((stats.blocks * stats.bsize) / MiB) };
  const free = `${sizeText(freeBytes)} free`;
  if (freeBytes < THRESHOLDS.diskFailBytes) {
    return result('data-folder', 'fail', `${dir}: only ${free} (under ${sizeText(THRESHOLDS.diskFailBytes)}: the journal stops when the disk is full)`, facts);
  }
  if (freeBytes < THRESHOLDS.diskWarnBytes) return result('data-folder', 'warn', `${dir}: only ${free} (under ${sizeText(THRESHOLDS.diskWarnBytes)})`, facts);
  return result('data-folder', 'ok', `${dir}: ${free}`, facts);
}
