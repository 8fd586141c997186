import { spawn } from 'node:child_process';

/** Runs a command with inherited output; rejects with its label when it fails. */
export function run(command, args, { label = command, env, allowFailure = false, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 || allowFailure) resolve({ code, output });
      else reject(new Error(`${label} failed (${signal ?? `exit ${code}`})${quiet ? `\n${output}` : ''}`));
    });
  });
}
