import { join } from 'node:path';
import type { NFC } from 'nfc-pcsc';
import { readTlsFiles, type ConsoleConfig } from './config.js';
import { ConsoleEvents } from './events.js';
import { HttpIssuer } from './issuer/http-client.js';
import type { Issuer } from './issuer/issuer.js';
import { InProcessIssuer } from './issuer/in-process.js';
import { SandboxIssuer } from './issuer/sandbox/sandbox-issuer.js';
import { openSandboxDb } from './issuer/sandbox/store.js';
import { createLog, type Log } from './log.js';
import { PreferencesStore } from './preferences.js';
import { ReaderService } from './reader/reader-service.js';
import { createRouter, tokenOf, type Handlers, type Router } from './router.js';
import { StaffSessions } from './session.js';
import { StatusService } from './status.js';
import { TrainingPhone } from './training.js';
import { CustomerService } from './customers.js';
import { DigitalOtpRegistration } from './registration.js';

export interface ConsoleMain {
  router: Router;
  events: ConsoleEvents;
  start(): void;
  stop(): Promise<void>;
}

export interface ConsoleDeps {
  config: ConsoleConfig;
  /** Where preferences (and later the journal) live: Electron's userData, or a folder for the browser host. */
  dataDir: string;
  createNfc: () => NFC;
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

  const { issuer, sandbox, close: closeIssuer } = connectIssuer(config, now);
  const trainingMode = sandbox !== null;

  const events = new ConsoleEvents();
  const preferences = new PreferencesStore(join(deps.dataDir, 'preferences.json'));
  const sessions = new StaffSessions({ issuer, events, now });
  const reader = new ReaderService({
    createNfc: deps.createNfc,
    pollMs: config.readerPollMs,
    protocol: config.cardProtocol,
    apduTimeoutMs: config.cardApduTimeoutMs,
    log,
  });
  reader.onCard((event) => events.emit('reader.card', event));
  const phone = new TrainingPhone(sandbox, config.terminal);
  const customers = new CustomerService(issuer, config.terminal, now);
  const registration = new DigitalOtpRegistration(issuer);
  const status = new StatusService({
    trainingMode,
    terminal: config.terminal,
    issuer,
    reader,
    events,
    healthPollMs: config.issuerHealthPollSeconds * 1000,
  });

  const handlers: Handlers = {
    'status.get': async () => status.get(),
    'preferences.get': async () => preferences.get(),
    'preferences.setLocale': async ({ locale }) => preferences.update({ locale }),
    'staff.current': async () => sessions.current(),
    'staff.login': async (input) => sessions.login(input),
    'staff.logout': async () => {
      await sessions.logout();
      return { loggedOut: true as const };
    },
    'customer.identify': async (input, ctx) => customers.identify(input, tokenOf(ctx)),
    'device.reportLoss': async (input, ctx) => customers.reportLoss(input, tokenOf(ctx)),
    'otp.start': async (input, ctx) => registration.start(input, tokenOf(ctx)),
    'otp.resendSms': async (input, ctx) => registration.resendSms(input, tokenOf(ctx)),
    'otp.verifySms': async (input, ctx) => registration.verifySms(input, tokenOf(ctx)),
    'otp.issueAppCode': async (input, ctx) => registration.issueAppCode(input, tokenOf(ctx)),
    'otp.status': async ({ registrationId }, ctx) => registration.status(registrationId, tokenOf(ctx)),
    'otp.cancel': async (input, ctx) => registration.cancel(input, tokenOf(ctx)),
    'otp.checkOtp': async (input, ctx) => registration.checkOtp(input, tokenOf(ctx)),
    'card.lookup': async (input, ctx) => customers.lookupCard(input, tokenOf(ctx)),
    'card.enroll': async (input, ctx) => customers.enrollCard(input, tokenOf(ctx)),
    'customer.devices': async ({ customerRef }, ctx) => customers.devices(customerRef, tokenOf(ctx)),
    'training.smsOutbox': async ({ mobileNumber }) => phone.smsOutbox(mobileNumber),
    'training.activateApp': async ({ appRegistrationCode, rooted }) => phone.activateApp(appRegistrationCode, rooted),
    'training.currentOtp': async ({ deviceId }) => phone.currentOtp(deviceId),
    'training.useOtp': async ({ deviceId, otp }) => phone.useOtp(deviceId, otp),
    'training.advanceClock': async ({ minutes }) => phone.advanceClock(minutes),
    'training.reset': async () => {
      const done = await phone.reset();
      // The seed has no staff sessions: the trainer logs in again on a fresh sandbox.
      sessions.forget();
      return done;
    },
  };

  return {
    router: createRouter({ handlers, sessions, log }),
    events,
    start() {
      reader.start();
      status.start();
    },
    async stop() {
      status.stop();
      sessions.dispose();
      await reader.stop();
      closeIssuer();
    },
  };
}

/** The production issuer over HTTPS when one is configured; otherwise training mode's in-process sandbox. */
function connectIssuer(config: ConsoleConfig, now: () => Date): { issuer: Issuer; sandbox: SandboxIssuer | null; close(): void } {
  if (config.issuer) {
    const issuer = new HttpIssuer({
      baseUrl: config.issuer.url,
      terminal: config.terminal,
      tls: readTlsFiles(config.issuer),
      timeoutMs: config.issuer.timeoutMs,
      retries: config.issuer.retries,
    });
    return { issuer, sandbox: null, close() {} };
  }
  const db = openSandboxDb(config.sandboxDb);
  const sandbox = new SandboxIssuer({ db, now, staffSessionSeconds: config.sandboxStaffSessionSeconds });
  return { issuer: new InProcessIssuer(sandbox, config.terminal), sandbox, close: () => db.close() };
}
