// `npm test`: installs what is missing, then runs every suite and ends with one line
// `N passed, N failed` summing them all. Suites that need pcscd, the sandbox issuer or a browser
// start and stop their own, by PID.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pcscdRunning } from './lib/pcscd.mjs';
import { setup } from './setup.mjs';
import { typecheckAll } from './lib/typecheck.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

await setup('test');
if (await pcscdRunning()) {
  console.error(
    'test: a pcscd is already running; the tests start, kill and restart their own.\n' +
      '      Stop it first (e.g. `systemctl stop pcscd.socket pcscd`) and run again.',
  );
  process.exit(1);
}

const OUT = '.test-output';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

/** Each suite: how it ran, and its passed/failed counts. */
const results = [];
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status;

// 1. Types are the first test: each side's tsconfig is one check.
for (const { project, ok } of typecheckAll()) {
  results.push({ suite: `typecheck ${project}`, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

// 2. Build what the end-to-end tests serve.
// From scratch: a test run never trusts what an earlier build left in dist/.
const built = run(process.execPath, ['scripts/build.mjs', '--clean']) === 0;
results.push({ suite: 'build', passed: built ? 1 : 0, failed: built ? 0 : 1 });

// 3. Unit and integration (vitest).
run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${OUT}/vitest.json`]);
results.push(
  countFrom('unit + integration', `${OUT}/vitest.json`, (report) => ({
    passed: report.numPassedTests,
    // A file that failed to load has no failing test but fails the run: count it once.
    failed: report.numFailedTests + (report.success || report.numFailedTests > 0 ? 0 : 1),
  })),
);

// 4. End-to-end in chromium (Playwright); needs the build.
if (built) {
  run('npx', ['playwright', 'test']);
  results.push(
    countFrom('end-to-end', `${OUT}/playwright.json`, (report) => ({
      passed: report.stats.expected + report.stats.flaky,
      failed: report.stats.unexpected + (report.errors?.length ?? 0),
    })),
  );
}

console.log('');
for (const { suite, passed, failed } of results) console.log(`  ${suite}: ${passed} passed, ${failed} failed`);
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

/** Reads a runner's JSON report; a suite that left no report counts as one failure. */
function countFrom(suite, file, count) {
  if (!existsSync(file)) {
    console.error(`test: ${suite} left no report (${file}); counted as failed`);
    return { suite, passed: 0, failed: 1 };
  }
  return { suite, ...count(JSON.parse(readFileSync(file, 'utf8'))) };
}
