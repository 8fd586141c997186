import { existsSync, readFileSync, rmSync } from 'node:fs';
import { startPcscd } from '../../scripts/lib/pcscd.mjs';

/** Where a test that restarts pcscd leaves the new daemon's PID, for the teardown to stop it. */
export const REPLACEMENT_PCSCD_PID_FILE = '.test-output/e2e-replacement-pcscd.pid';

/** The e2e run's own pcscd, started and stopped by PID; its PID is told to the tests. */
export default async function globalSetup() {
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
  };
}
