import { NFC } from 'nfc-pcsc';
import { runConsoleCommand } from './command.js';
import { parseToolArgs } from './cli-options.js';

/**
 * `npm run support-bundle -- --out DIR [--data-dir DIR] [--config FILE] [--policy FILE]`: writes
 * a support bundle folder into DIR for IT to zip, and prints its path. The packaged console does
 * the same with --support-bundle DIR.
 */
const USAGE = 'usage: npm run support-bundle -- --out DIR [--data-dir DIR] [--config FILE] [--policy FILE]';

let parsed;
try {
  parsed = parseToolArgs(process.argv.slice(2), { out: { type: 'string' } }, USAGE);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const out = parsed.values.out;
if (typeof out !== 'string' || out === '') {
  console.error(`--out is required: the folder to write the bundle into\n${USAGE}`);
  process.exit(2);
}
const code = await runConsoleCommand({ kind: 'support-bundle', out }, parsed.places, {
  createNfc: () => new NFC(),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
process.exit(code);
