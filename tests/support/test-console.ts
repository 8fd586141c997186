import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleConfigSchema, type ConsoleConfig } from '../../main/config/settings.js';
import { createConsole, type ConsoleDeps, type ConsoleMain } from '../../main/app/console.js';
import type { Log } from '../../main/app/log.js';
import { silentLog } from './memory-log.js';

export interface TestConsole {
  main: ConsoleMain;
  dataDir: string;
  /** Stops the console's services and removes its data folder. */
  dispose(): Promise<void>;
}

/**
 * The console's main process, as `createConsole` builds it, in a fresh data folder and without
 * PC/SC: its client points at a socket nobody serves, so no pcscd is needed. Not started: the
 * caller starts it when the test wants its background work (status polling, reader supervision).
 */
export function createTestConsole(
  name: string,
  config: Partial<ConsoleConfig> = {},
  existingDataDir?: string,
  log: Log = silentLog,
  deps: Pick<ConsoleDeps, 'anchorDelayMs'> = {},
): TestConsole {
  // An existing folder: the console starts again on the journal and preferences a stopped one left.
  const dataDir = existingDataDir ?? mkdtempSync(join(tmpdir(), `${name}-`));
  process.env.PCSCLITE_CSOCK_NAME = join(dataDir, 'no-pcscd.comm');
  const main = createConsole({
    // The defaults with the test's settings over them, past the loader: tests reach their issuers
    // over plain HTTP on 127.0.0.1, which a configuration may not (main/config/load.ts tests that).
    config: { ...ConsoleConfigSchema.parse({}), ...config },
    dataDir,
    createNfc: () => {
      throw new Error('no PC/SC in this test');
    },
    log,
    ...deps,
  });
  return {
    main,
    dataDir,
    async dispose() {
      await main.stop();
      delete process.env.PCSCLITE_CSOCK_NAME;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
