import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPcscd } from '../../scripts/lib/pcscd.mjs';
import { checkRunLogs } from '../support/personal-data.js';

/** Where a test that restarts pcscd leaves the new daemon's PID, for the teardown to stop it. */
export const REPLACEMENT_PCSCD_PID_FILE = '.test-output/e2e-replacement-pcscd.pid';

/**
 * Every host's data folder (fixtures.ts), under the run's output: the hosts' log files stay there
 * for the check that ends the run.
 */
export const E2E_HOSTS_DIR = resolve('.test-output/e2e-hosts');

/**
 * The e2e run's own pcscd, started and stopped by PID; its PID is told to the tests. The run ends
 * with its hosts' logs read: personal data in any of them, or no logs at all, fails the run.
 */
export default async function globalSetup() {
  // Only this run's hosts: the check below must not read an earlier run's logs.
  rmSync(E2E_HOSTS_DIR, { recursive: true, force: true });
  const pcscd = await startPcscd();
  process.env.E2E_PCSCD_PID = String(pcscd.pid);
  return async () => {
    await pcscd.stop();
    if (existsSync(REPLACEMENT_PCSCD_PID_FILE)) {
      const pid = Number(readFileSync(REPLACEMENT_PCSCD_PID_FILE, 'utf8'));
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      rmSync(REPLACEMENT_PCSCD_PID_FILE);
    }
    const { files, lines } = checkRunLogs(E2E_HOSTS_DIR);
    console.log(`e2e logs: ${lines} lines in ${files} files of the hosts' logs, no RRN, mobile number or seed name`);
  };
}
