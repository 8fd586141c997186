// `npm run bench:login`: how soon after navigation a teller can type their staff ID. Starts the
// built browser host (dist/, training mode, a data folder of its own), then BENCH_RUNS times
// (default 20, after 2 warm-up loads) launches Debian's chromium as the e2e tests do, opens the
// host's address and takes the time from navigation start (the page's time origin) to the staff
// ID field receiving focus: the login screen focuses it once it is rendered and wired, so a key
// pressed from then on lands in it. Each run then types a character and reads it back, so a
// focused field that would not take input is caught.
// `npm run bench:login -- DIR…` compares renderer builds (e.g. one of an earlier commit, built with
// `npx vite build --outDir DIR`): one host per build, their runs interleaved so that whatever
// else loads the machine weighs on each alike.
// Prints median/p95 in ms and writes .test-output/bench-login.json. Asserts nothing about time.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { summary } from './stats.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUP = 2;
// The e2e suite's chromium and flags (playwright.config.ts).
const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

const FOCUSED = 'bench:staff-id-focused';

/**
 * Runs before any of the page's scripts: says on the console when the staff ID field first gets
 * focus. The bench listens for that line instead of polling the page, which would run
 * Playwright's own scripts on the page's main thread while it loads and add their time to the figure.
 */
function noteStaffIdFocus(focused) {
  const note = (event) => {
    if (!(event.target instanceof HTMLInputElement) || event.target.name !== 'staffId') return;
    document.removeEventListener('focusin', note, true);
    console.log(focused, performance.now());
  };
  document.addEventListener('focusin', note, true);
}

async function startHost(rendererDir, dataDir) {
  const args = ['dist/main/host/cli.js', '--port', '0', '--data-dir', dataDir, '--renderer-dir', resolve(rendererDir)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /browser host listening on (\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`browser host exited (${code})`)));
  });
  return { url, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
}

/**
 * One cold start: a new chromium, the host's address, the time until the staff ID field is
 * focused, and the bytes of the scripts the page had asked for by then (the login path).
 */
async function loginReady(url) {
  const browser = await chromium.launch(LAUNCH);
  try {
    const page = await browser.newPage({ locale: 'ko-KR' });
    await page.addInitScript(noteStaffIdFocus, FOCUSED);
    const focused = page.waitForEvent('console', { predicate: (message) => message.text().startsWith(FOCUSED), timeout: 15_000 });
    await page.goto(url, { waitUntil: 'commit' });
    const ms = Number((await focused).text().slice(FOCUSED.length + 1));
    // The scripts the page had asked for by then: what the login path loads.
    const scriptBytes = await page.evaluate(
      (ms) =>
        performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.endsWith('.js') && entry.startTime <= ms)
          .reduce((sum, entry) => sum + entry.encodedBodySize, 0),
      ms,
    );
    await page.keyboard.type('T');
    const typed = await page.evaluate(() => (document.activeElement instanceof HTMLInputElement ? document.activeElement.value : null));
    if (typed !== 'T') throw new Error(`the focused staff ID field did not take a typed character (value ${JSON.stringify(typed)})`);
    return { ms, scriptBytes };
  } finally {
    await browser.close();
  }
}

const rendererDirs = process.argv.length > 2 ? process.argv.slice(2) : ['dist/renderer'];
const dataDir = mkdtempSync(join(tmpdir(), 'bench-login-'));
const builds = [];
// Other people's tests share this machine: the figure means little without its load.
const loadAverage = () => os.loadavg()[0].toFixed(1);
const loadAtStart = loadAverage();
try {
  for (const [i, rendererDir] of rendererDirs.entries()) builds.push({ rendererDir, host: await startHost(rendererDir, join(dataDir, String(i))), samples: [] });
  for (let i = 0; i < WARMUP; i++) for (const build of builds) await loginReady(build.host.url);
  for (let i = 0; i < RUNS; i++) {
    for (const build of builds) {
      const { ms, scriptBytes } = await loginReady(build.host.url);
      build.samples.push(ms);
      build.scriptBytes = scriptBytes;
    }
  }
} finally {
  await Promise.all(builds.map((build) => build.host.stop()));
  rmSync(dataDir, { recursive: true, force: true });
}
const load = { start: loadAtStart, end: loadAverage() };
console.log(`machine load (1-minute load average): ${load.start} at start, ${load.end} at end; ${os.cpus().length} cores`);
const results = builds.map(({ rendererDir, samples, scriptBytes }) => {
  const { p50, p95, min, max } = summary(samples);
  const kib = (scriptBytes / 1024).toFixed(0);
  console.log(`${rendererDir}: login typeable after navigation: median ${p50.toFixed(0)} ms  p95 ${p95.toFixed(0)} ms  (min ${min.toFixed(0)}, max ${max.toFixed(0)}; ${RUNS} cold starts of chromium); scripts loaded by then ${kib} KiB`);
  return { rendererDir, runs: RUNS, medianMs: p50, p95Ms: p95, samplesMs: samples, loginPathScriptBytes: scriptBytes };
});
mkdirSync('.test-output', { recursive: true });
writeFileSync('.test-output/bench-login.json', `${JSON.stringify({ date: new Date().toISOString(), load, results }, null, 2)}\n`);
console.log('written to .test-output/bench-login.json');
