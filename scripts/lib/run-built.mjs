// Runs a command-line tool of the main process from dist/, after installing and compiling what it
// needs. Set-up and compiler output go to stderr, so the tool's stdout is its own.
import { resolve } from 'node:path';
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

/**
 * Makes the values of these path options absolute, from the folder npm was started in: runBuilt
 * moves to the project folder, where a relative path would mean something else.
 */
export function resolvePathOptions(names) {
  const from = process.env.INIT_CWD ?? process.cwd();
  const args = process.argv;
  for (let i = 2; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === `--${name}` && args[i + 1] !== undefined) args[i + 1] = resolve(from, args[i + 1]);
      else if (args[i].startsWith(`--${name}=`)) args[i] = `--${name}=${resolve(from, args[i].slice(name.length + 3))}`;
    }
  }
}
