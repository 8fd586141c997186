// Starts and stops the PC/SC daemon for tests, by PID (never by name: other pcscd users are not ours).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/**
 * Whether a TCP port on this machine listens, read from the kernel's table rather than by
 * connecting: a connection to vpcd's port would be taken for a card entering the field.
 */
function listening(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((table) => {
    try {
      return readFileSync(table, 'utf8')
        .split('\n')
        .some((row) => {
          const [, local, , state] = row.trim().split(/\s+/);
          return local?.endsWith(`:${hex}`) && state === '0A';
        });
    } catch {
      return false;
    }
  });
}

/** True when a pcscd answers on its socket (ours or anyone's). */
export const pcscdRunning = () => canConnect(PCSCD_SOCKET);

/**
 * Starts `pcscd --foreground` and waits until it is ready: its socket answers and vpcd's reader
 * port listens. Returns a handle whose stop() ends exactly that process. `env` adds variables to
 * pcscd's environment (this process's environment plus these), e.g. an LD_PRELOAD for a benchmark.
 */
export async function startPcscd({ args = [], log = 'ignore', timeoutMs = 15000, env = undefined } = {}) {
  if (await pcscdRunning()) throw new Error('a pcscd is already running; stop it first (tests need their own)');
  const child = spawn('pcscd', ['--foreground', ...args], { stdio: ['ignore', log, log], env: env ? { ...process.env, ...env } : process.env });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const failedToStart = new Promise((_, reject) => child.once('error', reject));
  const deadline = Date.now() + timeoutMs;
  const vpcd = !args.includes('--config') && !args.includes('-c');
  for (;;) {
    const ready = (await canConnect(PCSCD_SOCKET)) && (!vpcd || listening(VPCD_PORT));
    if (ready) break;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`pcscd ended (${child.signalCode ?? `exit ${child.exitCode}`}) before it was ready`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
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
