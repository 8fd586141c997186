import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { NFC } from 'nfc-pcsc';
import { readTlsFiles, type ConsoleConfig } from '../config/settings.js';
import type { ConfigurationView } from '../../shared/configuration.js';
import { ConsoleEvents } from './events.js';
import { HttpIssuer, type HttpTransport } from '../issuer/http-client.js';
import type { Issuer } from '../issuer/issuer.js';
import { InProcessIssuer } from '../issuer/in-process.js';
import { SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { openSandboxDb } from '../../sandbox/store/store.js';
import { createLog, type Log } from './log.js';
import { PreferencesStore } from './preferences.js';
import { ReaderService } from '../reader/reader-service.js';
import { createRouter, receiptNoOf, sessionOf, tokenOf, type Handlers, type Router } from './router.js';
import { StaffSessions } from '../staff/sessions.js';
import { StatusService } from './status.js';
import { TrainingPhone } from '../jobs/training.js';
import { CardJobs } from '../jobs/cards.js';
import { CustomerService } from '../jobs/customers.js';
import { DeviceJobs } from '../jobs/device-jobs.js';
import { DayEnd } from '../jobs/day-end.js';
import { DigitalOtpRegistration } from '../jobs/registration.js';
import { StockJobs } from '../jobs/stock.js';
import { HeldApprovals } from '../staff/approvals.js';
import { Journal } from '../journal/journal.js';
import type { JournalKey } from '../journal/key.js';
import { toCsv } from '../journal/csv.js';
import { customerSlipOf } from '../../shared/journal.js';
import { JobJournal } from '../journal/job-journal.js';
import { CrashSettling } from '../journal/settle.js';
import { JournalAnchoring } from '../journal/anchoring.js';
import { JournalIntegrity } from '../journal/integrity.js';
import { ConsoleError } from './errors.js';
import type { ActiveSession, SessionEnd } from '../staff/sessions.js';

/** The electronic journal's file in the data folder; `npm run journal:verify -- <file>` checks it. */
export const JOURNAL_FILE = 'journal.sqlite';

export interface ConsoleMain {
  router: Router;
  events: ConsoleEvents;
  start(): void;
  stop(): Promise<void>;
}

export interface ConsoleDeps {
  config: ConsoleConfig;
  /** The configuration as loaded, with each value's source (main/config/load.ts), for IT to read. */
  configuration?: ConfigurationView;
  /** Where preferences and the electronic journal live: Electron's userData, or a folder for the browser host. */
  dataDir: string;
  createNfc: () => NFC;
  /** Electron's network stack, for a client certificate held in the Windows certificate store. */
  certificateStoreTransport?: HttpTransport;
  /** The journal's chain key; by default `journal.key` beside the journal (main/journal/key.ts). */
  journalKey?: JournalKey;
  /** How far the issuer's anchor of the journal may lag (anchoring.ts; a minute unless a test says). */
  anchorDelayMs?: number;
  /** Where the `journal integrity:` line goes besides the log: the start output. */
  announce?: (line: string) => void;
  now?: () => Date;
  log?: Log;
}

/**
 * The composition root of the main process: builds every service from the configuration and
 * wires the contract's handlers. Both transports (Electron, browser host) serve what this returns.
 */
export function createConsole(deps: ConsoleDeps): ConsoleMain {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? createLog();
  const { config } = deps;

  const { issuer, sandbox, close: closeIssuer } = connectIssuer(config, deps.dataDir, now, deps.certificateStoreTransport);
  const trainingMode = sandbox !== null;

  const events = new ConsoleEvents();
  const preferences = new PreferencesStore(join(deps.dataDir, 'preferences.json'), config.locale);
  const journal = Journal.open(join(deps.dataDir, JOURNAL_FILE), { ...config.terminal, training: trainingMode }, now, deps.journalKey);
  const registration = new DigitalOtpRegistration(issuer);
  const approvals = new HeldApprovals(issuer);
  const sessions = new StaffSessions({
    issuer,
    events,
    now,
    idleLockSeconds: config.idleLockSeconds,
    beforeEnd: (session, why, issuerCode) => endJobsOf(session, why, issuerCode),
    // After endJobsOf, which journals the cancellations with what the session's answers taught.
    ended: () => jobs.sessionEnded(),
    renewed: (from, to) => registration.handOver(from.token, to.token),
    idleLocked: (session) => jobs.event({ job: 'SESSION_LOCKED', tellerId: session.staffId }),
  });
  const integrity = new JournalIntegrity({
    journal,
    issuer,
    log,
    announce: deps.announce,
    raised: (finding) => jobs.event({ job: 'JOURNAL_ALARM_RAISED', tellerId: null }, finding.reason, { issuerRef: finding.reference }),
    changed: () => status.changed(),
  });
  const jobs = new JobJournal(journal, {
    lockedStaffId: () => sessions.lockedSession()?.staffId ?? null,
    supervisorOf: (token) => approvals.supervisorOf(token),
    alarmed: () => integrity.refusesJobs(),
    log,
  });
  const anchoring = new JournalAnchoring({ journal, issuer, integrity, log, delayMs: deps.anchorDelayMs });
  const checkIntegrity = () =>
    integrity.check().catch((error: Error) => log.error(`journal integrity check failed: ${error.message}`));

  /**
   * A session ending by logout or takeover leaves no registration open at the issuer: each is
   * cancelled with the session's own token and journaled. An expired token can do nothing more,
   * nor can one the issuer refused (journaled with the issuer's code: SESSION_ENDED, UNAUTHENTICATED).
   */
  async function endJobsOf(session: ActiveSession, why: SessionEnd, issuerCode?: string): Promise<void> {
    approvals.forgetSession(session.token);
    const teller = { tellerId: session.staffId };
    if (why === 'EXPIRED') return jobs.event({ job: 'SESSION_EXPIRED', ...teller });
    if (why === 'ENDED_BY_ISSUER') return jobs.event({ job: 'SESSION_ENDED_BY_ISSUER', ...teller }, issuerCode);
    for (const registrationId of registration.openOf(session.token)) {
      const idempotencyKey = randomUUID();
      const facts = { job: 'DIGITAL_OTP_CANCEL' as const, ...teller, ...jobs.registrationFacts(registrationId), idempotencyKey };
      await jobs
        .job(facts, () => registration.cancel({ registrationId, idempotencyKey }, session.token))
        .catch((error: Error) => log.warn(`registration ${registrationId} left open at the end of a session: ${error.message}`));
    }
    if (why === 'TAKEN_OVER') jobs.event({ job: 'SESSION_TAKEN_OVER', ...teller });
  }
  const settling = new CrashSettling(journal, { issuer, inFlight: (seq) => jobs.isInFlight(seq), log });
  const settleJournal = () =>
    void settling.settleUnfinished().catch((error: Error) => log.error(`journal settling failed: ${error.message}`));
  const reader = new ReaderService({
    createNfc: deps.createNfc,
    pollMs: config.readerPollMs,
    protocol: config.cardProtocol,
    apduTimeoutMs: config.cardApduTimeoutMs,
    log,
  });
  reader.onCard((event) => events.emit('reader.card', event));
  const phone = new TrainingPhone(sandbox, config.terminal);
  const customers = new CustomerService(issuer);
  const devicesOf = (customerRef: string, token: string) => customers.devices(customerRef, token);
  const cards = new CardJobs(issuer, config.terminal, approvals, devicesOf);
  const devices = new DeviceJobs(issuer, approvals, devicesOf, now);
  const dayEnd = new DayEnd({ issuer, journal, anchoring, integrity, approvals, now });
  const stock = new StockJobs({ issuer, approvals });
  const status = new StatusService({
    trainingMode,
    terminal: config.terminal,
    issuer,
    reader,
    events,
    healthPollMs: config.issuerHealthPollSeconds * 1000,
    journal: () => integrity.view(),
    day: () => dayEnd.state(),
    log,
  });

  const handlers: Handlers = {
    'status.get': async () => status.get(),
    'config.get': async () => deps.configuration ?? { policyOrigin: '(none)', fileOrigin: '(none)', settings: [], problems: [] },
    // The language of whoever is logged in (locked or not), or the terminal's.
    'preferences.get': async () => preferences.get(sessions.current()?.staffId),
    'preferences.setLocale': async ({ locale }) => preferences.setLocale(locale, sessions.current()?.staffId),
    'staff.current': async () => sessions.current(),
    'staff.login': async (input) => {
      const session = await sessions.login(input);
      settleJournal();
      // Before the first job: a journal the issuer could not be asked about at start is checked now.
      if (integrity.needsCheck()) await checkIntegrity();
      return session;
    },
    'staff.logout': async () => {
      // The issuer witnesses what this session wrote before it goes.
      await anchoring.flush();
      await sessions.logout();
      return { loggedOut: true as const };
    },
    'staff.lock': async () => sessions.lock(),
    'staff.activity': async () => ({ idleLockSeconds: config.idleLockSeconds }),
    'staff.unlockConsole': async ({ password }) => sessions.unlockConsole(password),
    'approval.request': async (input, ctx) => approvals.requestApproval(input, tokenOf(ctx)),
    'device.unlock': async (input, ctx) => devices.unlock(input, tokenOf(ctx)),
    'device.releaseLoss': async (input, ctx) => devices.releaseLoss(input, tokenOf(ctx)),
    'journal.list': async (query) => journal.page(query),
    'journal.reprint': async ({ seq }) => {
      const job = journal.job(seq);
      if (!job) throw new ConsoleError('INVALID_INPUT', 'No such journal entry', { seq: 'UNKNOWN_ENTRY' });
      // A copy is of a slip the customer was given: a job that printed none has none to copy.
      if (!customerSlipOf(job)) throw new ConsoleError('INVALID_INPUT', 'This job gave the customer no slip', { seq: 'NO_CUSTOMER_SLIP' });
      return job;
    },
    'journal.checkIntegrity': async () => {
      await integrity.check();
      return integrity.view();
    },
    'journal.acknowledgeAlarm': async (_input, ctx) => {
      const acknowledgement = integrity.acknowledge(sessionOf(ctx));
      // A journal past its anchor (rewritten) is witnessed anew at once; one behind it waits to pass it.
      void anchoring.flush().catch((error: Error) => log.warn(`journal not anchored after the acknowledgement: ${error.message}`));
      return { ...integrity.view(), acknowledgement };
    },
    'journal.exportCsv': async (query) => ({
      fileName: `journal-${config.terminal.terminalId}-${now().toISOString().slice(0, 10)}.csv`,
      csv: toCsv(journal.allJobs(query)),
    }),
    'customer.identify': async (input, ctx) => customers.identify(input, tokenOf(ctx)),
    'device.reportLoss': async (input, ctx) => devices.reportLoss(input, tokenOf(ctx), receiptNoOf(ctx)),
    'device.terminate': async (input, ctx) => devices.terminate(input, tokenOf(ctx), receiptNoOf(ctx)),
    'customer.changeMobile': async (input, ctx) => customers.changeMobile(input, tokenOf(ctx)),
    'fees.get': async (_input, ctx) => issuer.call('fees', {}, { token: tokenOf(ctx) }),
    'otp.start': async (input, ctx) => registration.start(input, tokenOf(ctx)),
    'otp.resendSms': async (input, ctx) => registration.resendSms(input, tokenOf(ctx)),
    'otp.verifySms': async (input, ctx) => registration.verifySms(input, tokenOf(ctx)),
    'otp.issueAppCode': async (input, ctx) => registration.issueAppCode(input, tokenOf(ctx)),
    'otp.status': async ({ registrationId }, ctx) => registration.status(registrationId, tokenOf(ctx)),
    'otp.cancel': async (input, ctx) => registration.cancel(input, tokenOf(ctx)),
    'otp.checkOtp': async (input, ctx) => registration.checkOtp(input, tokenOf(ctx)),
    'card.lookup': async (input, ctx) => cards.lookup(input, tokenOf(ctx)),
    'card.enroll': async (input, ctx) => cards.enroll(input, tokenOf(ctx)),
    'card.replace': async (input, ctx) => cards.replace(input, tokenOf(ctx), receiptNoOf(ctx)),
    'customer.devices': async ({ customerRef }, ctx) => customers.devices(customerRef, tokenOf(ctx)),
    'dayEnd.summary': async () => dayEnd.summary(),
    'dayEnd.prepare': async (input) => dayEnd.prepare(input),
    'dayEnd.close': async (input, ctx) => dayEnd.close(input, tokenOf(ctx)),
    'dayEnd.reopen': async (input, ctx) => dayEnd.reopen(input, tokenOf(ctx)),
    'stock.list': async (_input, ctx) => stock.list(tokenOf(ctx)),
    'stock.receive': async (input, ctx) => stock.receive(input, tokenOf(ctx)),
    'stock.count': async (input, ctx) => stock.count(input, tokenOf(ctx)),
    'stock.dispose': async (input, ctx) => stock.dispose(input, tokenOf(ctx)),
    'worklist.pendingActivations': async (_input, ctx) => issuer.call('pendingActivations', {}, { token: tokenOf(ctx) }),
    'worklist.restrictedDevices': async (_input, ctx) => issuer.call('restrictedDevices', {}, { token: tokenOf(ctx) }),
    'training.smsOutbox': async (input) => phone.smsOutbox(input),
    'training.activateApp': async ({ appRegistrationCode, rooted }) => phone.activateApp(appRegistrationCode, rooted),
    'training.currentOtp': async ({ deviceId }) => phone.currentOtp(deviceId),
    'training.useOtp': async ({ deviceId, otp }) => phone.useOtp(deviceId, otp),
    'training.clock': async () => phone.clock(),
    'training.advanceClock': async ({ minutes }) => phone.advanceClock(minutes),
    'training.reset': async () => {
      const done = await phone.reset();
      // The seed has no staff sessions: the trainer logs in again on a fresh sandbox.
      sessions.forget();
      preferences.forgetStaffLocales();
      return done;
    },
  };

  return {
    router: createRouter({ handlers, sessions, approvals, audit: jobs, log }),
    events,
    start() {
      // The issuer by its origin only: a URL's user:password must not reach the log.
      const issuerText = config.issuer ? `issuer ${new URL(config.issuer.url).origin}` : 'training mode (sandbox issuer in-process)';
      const { institutionCode, branchCode, terminalId } = config.terminal;
      log.info(`console started: ${issuerText}, terminal ${institutionCode}/${branchCode}/${terminalId}`);
      reader.start();
      status.start();
      settleJournal();
      void checkIntegrity();
    },
    async stop() {
      log.info('console stopping');
      await anchoring.flush().catch((error: Error) => log.warn(`journal not anchored at stop: ${error.message}`));
      anchoring.stop();
      status.stop();
      sessions.dispose();
      await reader.stop();
      closeIssuer();
      journal.close();
    },
  };
}

/** The production issuer over HTTPS when one is configured; otherwise training mode's in-process sandbox. */
function connectIssuer(
  config: ConsoleConfig,
  dataDir: string,
  now: () => Date,
  certificateStoreTransport: HttpTransport | undefined,
): { issuer: Issuer; sandbox: SandboxIssuer | null; close(): void } {
  if (config.issuer) {
    if (config.issuer.clientCertSubject && !certificateStoreTransport) {
      throw new Error('issuer.clientCertSubject needs the Windows certificate store: only the desktop console on Windows has it');
    }
    const issuer = new HttpIssuer({
      ...(config.issuer.clientCertSubject ? { transport: certificateStoreTransport } : {}),
      baseUrl: config.issuer.url,
      terminal: config.terminal,
      tls: readTlsFiles(config.issuer),
      timeoutMs: config.issuer.timeoutMs,
      retries: config.issuer.retries,
    });
    return { issuer, sandbox: null, close() {} };
  }
  // A training store on disk lives with the terminal's other data, whatever the working directory.
  const storeFile = config.sandboxDb === ':memory:' ? config.sandboxDb : resolve(dataDir, config.sandboxDb);
  if (storeFile === resolve(dataDir, JOURNAL_FILE)) {
    // Checked before the sandbox opens it: a sandbox store would rebuild the file as its own.
    throw new Error(`sandboxDb ${config.sandboxDb} is the electronic journal's file; the training store needs a file of its own`);
  }
  const db = openSandboxDb(storeFile);
  const sandbox = new SandboxIssuer({ db, now, staffSessionSeconds: config.sandboxStaffSessionSeconds });
  return { issuer: new InProcessIssuer(sandbox, config.terminal), sandbox, close: () => db.close() };
}
