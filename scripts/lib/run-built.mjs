// Runs a command-line tool of the main process from dist/, after installing and compiling what it
// needs. Set-up and compiler output go to stderr, so the tool's stdout is its own.
import { fileURLToPath } from 'node:url';
import { build } from '../build.mjs';
import { setup } from '../setup.mjs';

export async function runBuilt(entry, purpose) {
  process.chdir(fileURLToPath(new URL('../..', import.meta.url)));
  const log = console.log;
  console.log = console.error;
  await setup(purpose);
  console.log = log;
  try {
    await build({ mainOnly: true, log: console.error });
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  await import(new URL(`../../${entry}`, import.meta.url).href);
}
