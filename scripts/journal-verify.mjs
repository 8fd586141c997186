// `npm run journal:verify -- <file> [--key <key file>]`: checks a journal file's hash chain (exit 0 intact, 1 broken, 2 unreadable).
import { resolve } from 'node:path';
import { runBuilt } from './lib/run-built.mjs';

// runBuilt moves to the project folder; a relative path (the journal, --key's file) means the
// folder npm was started from.
const from = process.env.INIT_CWD ?? process.cwd();
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  if (!arg.startsWith('--') && (i === 2 || process.argv[i - 1] === '--key')) process.argv[i] = resolve(from, arg);
}
await runBuilt('dist/main/journal/verify-cli.js', 'journal');
