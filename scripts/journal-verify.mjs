// `npm run journal:verify -- <file> [--key <key file>] [--issuer <url> …]`: checks a journal file's hash chain, and
// with --issuer that it reaches the issuer's latest anchor (exit 0 intact, 1 broken or behind, 2 unreadable).
import { resolve } from 'node:path';
import { runBuilt } from './lib/run-built.mjs';

// runBuilt moves to the project folder; a relative path (the journal, --key's file) means the
// folder npm was started from.
const from = process.env.INIT_CWD ?? process.cwd();
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  const pathFlags = ['--key', '--cert', '--client-key', '--ca'];
  if (!arg.startsWith('--') && (i === 2 || pathFlags.includes(process.argv[i - 1]))) process.argv[i] = resolve(from, arg);
}
await runBuilt('dist/main/journal/verify-cli.js', 'journal');
