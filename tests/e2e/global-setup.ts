import { startPcscd } from '../../scripts/lib/pcscd.mjs';

/** The e2e run's own pcscd, started and stopped by PID. */
export default async function globalSetup() {
  const pcscd = await startPcscd();
  return async () => {
    await pcscd.stop();
  };
}
