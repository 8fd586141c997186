// `npm run bench:reader`: how long a Smart OTP card tap takes through the real PC/SC stack —
// pcscd with its vpcd virtual reader, nfc-pcsc, and the console's ReaderService (the built code in
// dist/; the npm script compiles first) — with a virtual good card (tests/bench/vpcd-card.mjs).
//
// Two configurations, one pcscd each (started here, stopped here by PID):
//   1. pcscd as installed;
//   2. pcscd with TCP_NODELAY on the socket vpcd accepts from the card, through an LD_PRELOAD shim
//      (tests/bench/nodelay-shim.c, compiled here; skipped, saying why, when it does not compile).
//
// Per tap (BENCH_TAPS, default 60, at least 50; after WARMUP taps that are not counted):
//   connect→detected  the card's TCP connect → vpcd's first control message to it (pcscd's poll
//                     of the reader noticed the card)
//   (a) connect→present  the card's TCP connect → the service's 'present' card event, which the
//                     service emits from nfc-pcsc's 'card' event (pcscd saw the card and nfc-pcsc
//                     connected to it): pcscd's own card-present time
//   (b) connect→read  the card's TCP connect → the service's 'read' card event
//   (c) present→read  (b) − (a): the service's own cost of a tap (its three APDUs and its code)
//   (d) APDU RTT      one command's round trip as the service sees it. Method: the bench wraps
//                     `transmit` of every nfc-pcsc Reader before the service gets the reader, and
//                     times each call from the call to the settling of its promise (hrtime). That
//                     is the full path — pcsc-lite client → pcscd → vpcd → TCP → card → back — for
//                     exactly the APDUs the service sends (UID, SELECT, READ: three per tap).
//   (c−d) service's code  (c) minus the tap's three round trips: what the service adds itself.
// Before each insert the bench waits a random 0–450 ms, so that inserts fall at every phase of
// pcscd's ~400 ms poll, as a teller's taps do. Prints p50 / p95 / mean (same percentile rule as
// bench:issuer) and writes them to .test-output/bench-reader.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { NFC } from 'nfc-pcsc';
import { ReaderService } from '../../dist/main/reader/reader-service.js';
import { pcscdRunning, startPcscd } from '../../scripts/lib/pcscd.mjs';
import { printTable } from './reader-report.mjs';
import { summary } from './stats.mjs';
import { goodCard, insertCard } from './vpcd-card.mjs';

const TAPS = Number(process.env.BENCH_TAPS ?? 60);
const WARMUP = 3;
const POLL_MS = 100;
const MAX_INSERT_DELAY_MS = 450;
/** Waiting for somebody else's pcscd to go away (polling every few seconds). */
const WAIT_FOR_OTHER_PCSCD_MS = 5 * 60_000;
/** One configuration, from pcscd's start to its stop, may take this long before the run is abandoned. */
const CONFIGURATION_DEADLINE_MS = 150_000;
const TAP_TIMEOUT_MS = 10_000;
const READER = 'Virtual PCD 00 00';
const UID = Buffer.from([0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]);
const EXPECTED = { uid: '04112233445566', card: { vendorCode: '003', serial: '300000000004', issuingInstitutionCode: '020' } };

if (!Number.isInteger(TAPS) || TAPS < 50) {
  console.error(`BENCH_TAPS must be a whole number of at least 50 (got ${process.env.BENCH_TAPS}); the figures need that many taps`);
  process.exit(2);
}

const ms = (from, to) => Number(to - from) / 1e6;

/** Everything this run started, stopped by PID / handle on the way out, whatever happens. */
const running = { pcscd: null, service: null, card: null };
async function cleanUp() {
  const { pcscd, service, card } = running;
  running.pcscd = running.service = running.card = null;
  await card?.remove().catch(() => {});
  await service?.stop().catch((error) => console.error(`stopping the reader service: ${error.message}`));
  await pcscd?.stop().catch((error) => console.error(`stopping pcscd (pid ${pcscd.pid}): ${error.message}`));
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping what the benchmark started`);
    void cleanUp().finally(() => process.exit(130));
  });
}

/** Starts our own pcscd, first waiting (polling) while somebody else's runs. */
async function startOwnPcscd(env) {
  const deadline = Date.now() + WAIT_FOR_OTHER_PCSCD_MS;
  let told = false;
  for (;;) {
    if (!(await pcscdRunning())) {
      try {
        return await startPcscd(env ? { env } : {});
      } catch (error) {
        if (!/already running/.test(error.message)) throw error; // it came up between the check and the start
      }
    }
    if (Date.now() > deadline) throw new Error('another pcscd kept running for 5 minutes; giving up');
    if (!told) console.log('another pcscd is running (only one may run on this machine); waiting for it to stop…');
    told = true;
    await sleep(3000);
  }
}

/** Resolves when `predicate(event)` holds for a card event of the service; rejects after `timeoutMs`. */
function nextCardEvent(service, predicate, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = service.onCard((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

function waitForState(service, state, timeoutMs) {
  return new Promise((resolve, reject) => {
    if (service.snapshot().state === state) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`reader state stayed ${service.snapshot().state}, expected ${state}`));
    }, timeoutMs);
    const off = service.onChange((snapshot) => {
      if (snapshot.state !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** One configuration on our pcscd: a ReaderService on nfc-pcsc, WARMUP + TAPS taps. */
async function measure(label, pcscd) {
  const samples = { detected: [], present: [], read: [], serviceCost: [], apduRtt: [], uidRtt: [], selectRtt: [], readRtt: [], serviceCode: [] };
  const failures = [];
  let stray = 0;
  let tapRtts = null; // the round trips of the tap in progress, or null between taps

  const service = new ReaderService({
    createNfc: () => {
      const nfc = new NFC();
      // Registered before the service's own 'reader' listener: every reader reaches the service
      // with its transmit already timed.
      nfc.on('reader', (reader) => {
        const transmit = reader.transmit.bind(reader);
        reader.transmit = (command, max) => {
          const start = process.hrtime.bigint();
          const done = () => tapRtts?.push({ ms: ms(start, process.hrtime.bigint()) });
          const sent = transmit(command, max); // may throw synchronously, as the service expects
          sent.then(done, done);
          return sent;
        };
      });
      return nfc;
    },
    pollMs: POLL_MS,
    log: (message) => console.log(`  [reader service] ${message}`),
  });
  running.service = service;
  service.start();
  await waitForState(service, 'READER_READY', 15_000);

  let inTap = false;
  service.onCard(() => {
    if (!inTap) stray += 1;
  });

  for (let i = 0; i < WARMUP + TAPS; i++) {
    if (abandoned) throw new Error('abandoned');
    await sleep(Math.random() * MAX_INSERT_DELAY_MS);
    const seen = {};
    const stop = service.onCard((event) => {
      seen[event.type] ??= process.hrtime.bigint();
    });
    tapRtts = [];
    inTap = true;
    const outcome = nextCardEvent(service, (event) => event.type === 'read' || event.type === 'error', TAP_TIMEOUT_MS, "'read' or 'error' card event");
    outcome.catch(() => {}); // handled below; the card may fail to connect first
    let failure = null;
    try {
      const card = await insertCard({ respond: goodCard({ uid: UID }) });
      running.card = card;
      const event = await outcome;
      if (event.type !== 'read' || event.reader !== READER || JSON.stringify({ uid: event.uid, card: event.card }) !== JSON.stringify(EXPECTED)) {
        failure = `tap ${i + 1}: ${JSON.stringify(event)}`;
      } else if (i >= WARMUP) {
        // The service sends UID, SELECT, READ in that order, one at a time.
        const rtts = tapRtts.map((r) => r.ms);
        if (rtts.length !== 3) {
          failure = `tap ${i + 1}: ${rtts.length} APDUs timed, expected 3`;
        } else {
          const [uidRtt, selectRtt, readRtt] = rtts;
          samples.detected.push(ms(card.connectedAt, card.firstControlAt));
          samples.present.push(ms(card.connectedAt, seen.present));
          samples.read.push(ms(card.connectedAt, seen.read));
          samples.serviceCost.push(ms(seen.present, seen.read));
          samples.apduRtt.push(...rtts);
          samples.uidRtt.push(uidRtt);
          samples.selectRtt.push(selectRtt);
          samples.readRtt.push(readRtt);
          samples.serviceCode.push(ms(seen.present, seen.read) - uidRtt - selectRtt - readRtt);
        }
      }
      const removed = nextCardEvent(service, (event) => event.type === 'removed', TAP_TIMEOUT_MS, "'removed' card event");
      running.card = null;
      await card.remove();
      await removed;
      await waitForState(service, 'READER_READY', TAP_TIMEOUT_MS);
    } catch (error) {
      failure = `tap ${i + 1}: ${error.message}`;
      await running.card?.remove();
      running.card = null;
      await waitForState(service, 'READER_READY', TAP_TIMEOUT_MS).catch(() => {});
    } finally {
      stop();
      inTap = false;
      tapRtts = null;
    }
    if (failure) {
      failures.push(failure);
      console.log(`  ${failure}`);
    }
  }

  running.service = null;
  await service.stop();
  running.pcscd = null;
  await pcscd.stop();
  const metrics = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, summary(values)]));
  return { label, taps: TAPS, warmup: WARMUP, failures, strayCardEvents: stray, metrics };
}

/** Compiles the TCP_NODELAY shim; returns its path, or the reason it could not be built. */
function buildShim(dir) {
  const source = fileURLToPath(new URL('./nodelay-shim.c', import.meta.url));
  const library = join(dir, 'nodelay.so');
  try {
    execFileSync('cc', ['-shared', '-fPIC', '-o', library, source, '-ldl'], { stdio: ['ignore', 'pipe', 'pipe'] });
    return { library };
  } catch (error) {
    const output = `${error.stderr ?? ''}`.trim().split('\n').slice(0, 5).join('\n');
    return { reason: `cc failed: ${output || error.message}` };
  }
}

let abandoned = false;

/**
 * One configuration: waits for the machine's pcscd slot, starts our pcscd with `env`, measures,
 * and stops everything it started, abandoning the measurement past the deadline.
 */
async function configuration(label, env) {
  running.pcscd = await startOwnPcscd(env);
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      abandoned = true;
      reject(new Error(`configuration took over ${CONFIGURATION_DEADLINE_MS / 1000} s; abandoned`));
    }, CONFIGURATION_DEADLINE_MS);
  });
  try {
    return await Promise.race([measure(label, running.pcscd), deadline]);
  } finally {
    clearTimeout(timer);
    await cleanUp();
  }
}

const shimDir = mkdtempSync(join(tmpdir(), 'bench-reader-'));
const results = [];
let failed = false;
try {
  console.log(`bench:reader: ${TAPS} taps (+${WARMUP} warm-up) per configuration, service pollMs ${POLL_MS}, inserts 0–${MAX_INSERT_DELAY_MS} ms apart`);
  console.log('1/2 pcscd as installed');
  results.push(await configuration('pcscd as installed'));

  const shim = buildShim(shimDir);
  if (!shim.library) {
    console.log(`2/2 skipped: the TCP_NODELAY shim did not compile (${shim.reason})`);
    results.push({ label: 'pcscd + TCP_NODELAY', skipped: shim.reason, metrics: null });
  } else {
    console.log('2/2 pcscd with TCP_NODELAY on vpcd’s accepted socket (LD_PRELOAD shim)');
    const shimLog = join(shimDir, 'accepted.log');
    const result = await configuration('pcscd + TCP_NODELAY', { LD_PRELOAD: shim.library, NODELAY_SHIM_LOG: shimLog });
    let lines = [];
    try {
      lines = readFileSync(shimLog, 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      // no TCP socket was accepted through the shim
    }
    const on = lines.filter((line) => line.endsWith('TCP_NODELAY=1')).length;
    result.shimLog = `shim: TCP_NODELAY on for ${on} of ${lines.length} accepted TCP sockets`;
    if (lines.length === 0) result.shimLog += ' (the shim did not take effect: these figures are not TCP_NODELAY figures)';
    results.push(result);
  }
} catch (error) {
  failed = true;
  console.error(`bench:reader failed: ${error.stack ?? error.message}`);
} finally {
  await cleanUp();
  rmSync(shimDir, { recursive: true, force: true });
}

if (results.length > 0) {
  printTable(results);
  mkdirSync('.test-output', { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, taps: TAPS, warmup: WARMUP, pollMs: POLL_MS, unit: 'ms', results };
  writeFileSync('.test-output/bench-reader.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log('written to .test-output/bench-reader.json');
}
if (failed || results.some((r) => r.failures?.length)) process.exitCode = 1;

// Everything is closed by now, so the process ends by itself. Should anything still hold it, say
// so instead of hanging (the timer does not itself keep the process alive).
setTimeout(() => {
  console.error('bench:reader: something kept the process alive 10 s after the end; exiting');
  process.exit(process.exitCode ?? 1);
}, 10_000).unref();
