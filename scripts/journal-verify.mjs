// `npm run journal:verify -- <file>`: checks a journal file's hash chain (exit 0 intact, 1 broken, 2 unreadable).
import { resolve } from 'node:path';
import { runBuilt } from './lib/run-built.mjs';

// runBuilt moves to the project folder; a relative path means the folder npm was started from.
if (process.argv[2]) process.argv[2] = resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2]);
await runBuilt('dist/main/journal/verify-cli.js', 'journal');
