// `npm run issuer -- --port <n> --db <file|:memory:>`: the standalone sandbox issuer on 127.0.0.1.
// Installing and compiling report on stderr, so stdout carries exactly the one "listening" line.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const toStderr = console.log;
console.log = console.error;
await setup('issuer');
console.log = toStderr;
const compiled = spawnSync('npx', ['tsc', '-p', 'main/tsconfig.json'], { stdio: ['ignore', 2, 2] });
if (compiled.status !== 0) process.exit(1);
await import('../dist/main/issuer/sandbox/cli.js');
