import { join } from 'node:path';
import type { NFC } from 'nfc-pcsc';
import type { ConsoleConfig } from './config.js';
import { ConsoleEvents } from './events.js';
import type { Issuer } from './issuer/issuer.js';
import { InProcessIssuer } from './issuer/in-process.js';
import { SandboxIssuer } from './issuer/sandbox/sandbox-issuer.js';
import { openSandboxDb } from './issuer/sandbox/store.js';
import { createLog, type Log } from './log.js';
import { PreferencesStore } from './preferences.js';
import { ReaderService } from './reader/reader-service.js';
import { createRouter, type Handlers, type Router } from './router.js';
import { StaffSessions } from './session.js';
import { StatusService } from './status.js';

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

  const sandboxDb = openSandboxDb(config.sandboxDb);
  const sandbox = new SandboxIssuer({ db: sandboxDb, now, staffSessionSeconds: config.sandboxStaffSessionSeconds });
  const issuer: Issuer = new InProcessIssuer(sandbox, config.terminal);

  const events = new ConsoleEvents();
  const preferences = new PreferencesStore(join(deps.dataDir, 'preferences.json'));
  const sessions = new StaffSessions({ issuer, events, now });
  const reader = new ReaderService({ createNfc: deps.createNfc, pollMs: config.readerPollMs, log });
  const status = new StatusService({
    trainingMode: true,
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
      sandboxDb.close();
    },
  };
}
