import { statSync } from 'node:fs';
import { connect } from 'node:net';

/** Where pcsc-lite's daemon listens on Linux; the client library honours the same variable. */
export const pcscdSocketPath = () => process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';

/**
 * Which PC/SC service instance answers now, or null when none does. nfc-pcsc spins at 100% CPU
 * when created with no pcscd, so the reader service asks this first. A connect (not a file check)
 * tells a live daemon from the socket file a killed one leaves behind, and the socket file's inode
 * tells a restarted daemon from the one our binding knew (whose binding is dead for good).
 * Windows' smart-card service is asked directly by the binding.
 */
export function pcscServiceInstance(timeoutMs = 500): Promise<string | null> {
  if (process.platform === 'win32') return Promise.resolve('winscard');
  const path = pcscdSocketPath();
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (running: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      if (!running) return resolve(null);
      try {
        const { ino, ctimeMs } = statSync(path);
        resolve(`${ino}:${ctimeMs}`);
      } catch {
        resolve(null);
      }
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
