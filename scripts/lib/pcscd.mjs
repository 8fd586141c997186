// Starts and stops the PC/SC daemon for tests, by PID (never by name: other pcscd users are not ours).
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';
export const VPCD_PORT = 35963;

const canConnect = (target) =>
  new Promise((resolve) => {
    const socket = typeof target === 'number' ? connect(target, '127.0.0.1') : connect(target);
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(500, () => done(false));
  });

/** True when a pcscd answers on its socket (ours or anyone's). */
export const pcscdRunning = () => canConnect(PCSCD_SOCKET);

/**
 * Starts `pcscd --foreground` and waits until it is ready: its socket answers and vpcd's reader
 * port listens. Returns a handle whose stop() ends exactly that process.
 */
export async function startPcscd({ args = [], log = 'ignore', timeoutMs = 15000 } = {}) {
  if (await pcscdRunning()) throw new Error('a pcscd is already running; stop it first (tests need their own)');
  const child = spawn('pcscd', ['--foreground', ...args], { stdio: ['ignore', log, log] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const failedToStart = new Promise((_, reject) => child.once('error', reject));
  const deadline = Date.now() + timeoutMs;
  const vpcd = !args.includes('--config') && !args.includes('-c');
  for (;;) {
    const ready = (await canConnect(PCSCD_SOCKET)) && (!vpcd || (await canConnect(VPCD_PORT)));
    if (ready) break;
    if (child.exitCode !== null) throw new Error(`pcscd exited with code ${child.exitCode} before it was ready`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('pcscd did not become ready in time');
    }
    await Promise.race([sleep(100), failedToStart]);
  }
  return {
    pid: child.pid,
    /** SIGTERM, then SIGKILL if it has not gone within 5 s (pcscd can take ~2 s). */
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const killed = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
