// Runs a command-line tool of the main process from dist/, after installing and compiling what it
// needs. Set-up and compiler output go to stderr, so the tool's stdout is its own.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setup } from '../setup.mjs';

export async function runBuilt(entry, purpose) {
  process.chdir(fileURLToPath(new URL('../..', import.meta.url)));
  const log = console.log;
  console.log = console.error;
  await setup(purpose);
  console.log = log;
  const compiled = spawnSync('npx', ['tsc', '-p', 'main/tsconfig.json'], { stdio: ['ignore', 2, 2] });
  if (compiled.status !== 0) process.exit(1);
  await import(new URL(`../../${entry}`, import.meta.url).href);
}
