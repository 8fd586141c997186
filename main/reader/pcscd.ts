import { connect } from 'node:net';

/** Where pcsc-lite's daemon listens on Linux; the client library honours the same variable. */
export const pcscdSocketPath = () => process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';

/**
 * Whether the PC/SC service answers. nfc-pcsc spins at 100% CPU when created with no pcscd, so
 * the reader service asks this first. A connect (not a file check) tells a live daemon from the
 * socket file a killed one leaves behind. Windows' smart-card service is always asked directly.
 */
export function pcscServiceRunning(timeoutMs = 500): Promise<boolean> {
  if (process.platform === 'win32') return Promise.resolve(true);
  return new Promise((resolve) => {
    const socket = connect(pcscdSocketPath());
    const done = (running: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(running);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
