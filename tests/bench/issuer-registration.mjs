// `npm run bench:issuer`: the sandbox issuer at scale, two figures.
// (a) Database size: one full Digital OTP registration (11 calls, in-process, so the store's work is
//     not hidden behind HTTP), on a fresh store file and on one with BENCH_SEED (100 000)
//     registrations already on file, taking turns; median / p95 of each and the ratio of the
//     medians (wall time, and CPU time).
// (b) Concurrency: registrations over HTTP on 127.0.0.1 against that large store, with 1, 4, 16 and
//     64 clients at once (each its own customer, from login to logout): registrations/s,
//     requests/s, and latency median / p95 per registration and per request.
// Writes both to .test-output/bench-issuer.json. Runs the built code in dist/ (the npm script
// compiles first). Knobs: BENCH_RUNS (registrations per store in (a), 200), BENCH_SEED (100000),
// BENCH_SECONDS (per concurrency level, 5), BENCH_CLIENTS ("1,4,16,64"; empty: no (b)), BENCH_NO_INDEXES=1 (drops
// the store's own indexes, to show what they buy).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maskRrn } from '../../dist/issuer-api/domain.js';
import { HttpIssuer, HttpSandboxPhone } from '../../dist/main/issuer/http-client.js';
import { InProcessIssuer } from '../../dist/main/issuer/in-process.js';
import { startSandboxServer } from '../../dist/sandbox/http/http-server.js';
import { SandboxIssuer } from '../../dist/sandbox/sandbox-issuer.js';
import { openSandboxDb, rrnLookup } from '../../dist/sandbox/store/store.js';
import { summary } from './stats.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const SEED = Number(process.env.BENCH_SEED ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = (process.env.BENCH_CLIENTS ?? '1,4,16,64').split(',').filter(Boolean).map(Number);
const NO_INDEXES = process.env.BENCH_NO_INDEXES === '1';
const WARMUP = 10;
const CALLS_PER_REGISTRATION = 11;
const terminal = { institutionCode: '088', branchCode: '0101', terminalId: 'T-BENCH' };
const hong = { name: '홍길동', rrn: '900101-1123459', document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02' }, mobile: '01012345678' };
const DAY_MS = 24 * 60 * 60 * 1000;

/** One registration as a counter does it, from the teller's login to the first OTP checked and logout. */
async function registration(issuer, phone, customer) {
  const { token } = await issuer.call('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } });
  const check = await issuer.call('identityCheck', { body: { name: customer.name, rrn: customer.rrn, document: customer.document } }, { token });
  const started = await issuer.call(
    'startRegistration',
    { body: { customerRef: check.customerRef, identityCheckId: check.checkId, mobileNumber: customer.mobile } },
    { token },
  );
  const { messages } = await phone.call('smsOutbox', { query: { mobileNumber: customer.mobile } });
  const code = /\d{5}/.exec(messages[0].text)[0];
  const params = { registrationId: started.registrationId };
  await issuer.call('verifySms', { params, body: { code } }, { token });
  const { appRegistrationCode } = await issuer.call('issueAppCode', { params, body: {} }, { token });
  const { deviceId } = await phone.call('activateApp', { body: { appRegistrationCode, phoneDeviceId: 'bench-phone' } });
  const status = await issuer.call('registration', { params }, { token });
  if (status.status !== 'ACTIVATED') throw new Error(`registration ended ${status.status}`);
  const { otp } = await phone.call('appOtp', { body: { deviceId } });
  await issuer.call('otpCheck', { params: { deviceId }, body: { otp } }, { token });
  await issuer.call('logout', {}, { token });
}

/**
 * What a branch network leaves behind after `count` registrations, written straight with SQL in one
 * transaction: a customer each, the identity check, the SMS sent (a tenth resent once), one answer
 * kept under an Idempotency-Key, a staff session, and the outcome: mostly an active Digital OTP,
 * some cancelled, some app codes left to expire. Spread over the past year.
 */
function seedAtScale(db, count) {
  const start = Date.now() - 365 * DAY_MS;
  const hex = (bytes) => randomBytes(bytes).toString('hex');
  const insert = {
    customer: db.prepare(`INSERT INTO customers (customer_ref, name, customer_type, rrn_lookup, rrn_masked, document_type,
      document_issue_date, document_reported_lost) VALUES (?, '김민수', 'INDIVIDUAL', ?, ?, 'RESIDENT_CARD', '2015-03-02', 0)`),
    mobile: db.prepare('INSERT INTO customer_mobiles (mobile, customer_ref, position) VALUES (?, ?, 0)'),
    check: db.prepare("INSERT INTO identity_checks (check_id, customer_ref, result, created_at) VALUES (?, ?, 'VERIFIED', ?)"),
    device: db.prepare(`INSERT INTO devices (device_id, kind, status, max_fail, institution_code, customer_ref, registered_at, mobile,
      otp_seed, phone_device_id) VALUES (?, 'DIGITAL_OTP', 'ACTIVE', 10, '088', ?, ?, ?, ?, ?)`),
    registration: db.prepare(`INSERT INTO registrations (registration_id, customer_ref, institution_code, branch_code, app_code_issued_by,
      mobile, status, created_at, sms_expires_at, resends_used, app_code_hash, app_code_expires_at, device_id, activated_at)
      VALUES (?, ?, '088', '0101', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    sms: db.prepare('INSERT INTO sms_outbox (mobile, text, sent_at) VALUES (?, ?, ?)'),
    session: db.prepare(`INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at, ended_at, ended_reason)
      VALUES (?, ?, ?, ?, ?, 'LOGOUT')`),
    answer: db.prepare(`INSERT INTO idempotency (institution_code, branch_code, terminal_id, staff_id, key, operation, request_digest,
      status, outcome, created_at) VALUES ('088', '0101', ?, ?, ?, 'startRegistration', ?, 201, ?, ?)`),
  };
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = (offsetMs) => new Date(start + Math.floor((i * 365 * DAY_MS) / count) + offsetMs).toISOString();
      // a real date of birth, and unique up to a million: the store keeps only its keyed digest anyway
      const rrn = `${800101 + (i % 28)}1${String(i).padStart(6, '0')}`;
      const customerRef = `cus-seed-${i}`;
      const mobile = `010${2000 + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;
      const staffId = i % 2 ? 'T0001' : 'T0002';
      insert.customer.run(customerRef, rrnLookup(db, rrn), maskRrn(rrn));
      insert.mobile.run(mobile, customerRef);
      insert.check.run(`chk-seed-${i}`, customerRef, at(0));
      const resent = i % 10 === 0;
      insert.sms.run(mobile, `[디지털OTP] 인증번호 [${String(i % 100_000).padStart(5, '0')}] 직원에게 보여주세요 (3분 이내)`, at(1000));
      if (resent) insert.sms.run(mobile, `[디지털OTP] 인증번호 [${String((i * 7) % 100_000).padStart(5, '0')}] 직원에게 보여주세요 (3분 이내)`, at(60_000));
      const outcome = i % 20 === 0 ? 'CANCELLED' : i % 20 === 1 ? 'APP_CODE_ISSUED' : 'ACTIVATED';
      const deviceId = outcome === 'ACTIVATED' ? `dev-seed-${i}` : null;
      if (deviceId) insert.device.run(deviceId, customerRef, at(300_000), mobile, hex(20), `phone-${i}`);
      insert.registration.run(
        `reg-seed-${i}`, customerRef, outcome === 'CANCELLED' ? null : staffId, mobile, outcome, at(0), at(180_000), resent ? 1 : 0,
        outcome === 'APP_CODE_ISSUED' ? hex(32) : null, outcome === 'CANCELLED' ? null : at(1_800_000),
        deviceId, deviceId && at(300_000),
      );
      insert.session.run(hex(32), staffId, at(-60_000), at(8 * 3600_000), at(600_000));
      insert.answer.run(`T-${i % 50}`, staffId, randomUUID(), hex(32), randomBytes(120), at(2000));
    }
  })();
}

/** The store's own indexes (not those SQLite makes for a key), dropped with BENCH_NO_INDEXES=1. */
function dropIndexes(db) {
  const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL").pluck().all();
  for (const name of names) db.exec(`DROP INDEX ${name}`);
  return names.length;
}

/**
 * (a): registrations one after another, in-process, taking turns between the stores so that
 * whatever else the machine does weighs on both alike. Wall time, and the CPU time this process
 * spent (the password hash's thread included), which a busy machine inflates less.
 */
async function timeRegistrations(stores) {
  const runs = stores.map((store) => {
    const issuer = new InProcessIssuer(store.sandbox, terminal);
    const phone = { call: (op, request) => store.sandbox.handle(op, request, { terminal }) };
    return { ...store, issuer, phone, ms: [], cpuMs: [] };
  });
  for (const run of runs) for (let i = 0; i < WARMUP; i++) await registration(run.issuer, run.phone, hong);
  for (let i = 0; i < RUNS; i++) {
    for (const run of runs) {
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      await registration(run.issuer, run.phone, hong);
      run.ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      const { user, system } = process.cpuUsage(cpu);
      run.cpuMs.push((user + system) / 1000);
    }
  }
  return runs.map(({ label, ms, cpuMs }) => {
    const wall = summary(ms);
    const cpu = summary(cpuMs);
    console.log(`  ${label.padEnd(30)} median ${wall.p50.toFixed(2)} ms  p95 ${wall.p95.toFixed(2)} ms  mean ${wall.mean.toFixed(2)} ms  CPU median ${cpu.p50.toFixed(2)} ms  (${RUNS} registrations)`);
    return { label, runs: RUNS, medianMs: wall.p50, p95Ms: wall.p95, meanMs: wall.mean, cpuMedianMs: cpu.p50 };
  });
}

/** A caller that notes how long each call took. */
const timed = (caller, samples) => ({
  call: async (...args) => {
    const start = process.hrtime.bigint();
    try {
      return await caller.call(...args);
    } finally {
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  },
});

/** Customers of the concurrency run, one per client, so no client reads another's SMS. */
function benchCustomers(db, count) {
  const insert = db.prepare(`INSERT INTO customers (customer_ref, name, customer_type, rrn_lookup, rrn_masked, document_type,
    document_issue_date, document_reported_lost) VALUES (?, ?, 'INDIVIDUAL', ?, ?, 'DRIVER_LICENSE', '2020-02-02', 0)`);
  const insertMobile = db.prepare('INSERT INTO customer_mobiles (mobile, customer_ref, position) VALUES (?, ?, 0)');
  return db.transaction(() =>
    Array.from({ length: count }, (_, i) => {
      const rrn = `7707${String((i % 28) + 1).padStart(2, '0')}2${String(900_000 + i)}`;
      const customer = { name: '이서연', rrn, document: { type: 'DRIVER_LICENSE', issueDate: '2020-02-02' }, mobile: `0109${String(100 + i).padStart(3, '0')}${String(i).padStart(4, '0')}` };
      insert.run(`cus-bench-${i}`, customer.name, rrnLookup(db, rrn), maskRrn(rrn));
      insertMobile.run(customer.mobile, `cus-bench-${i}`);
      return customer;
    }),
  )();
}

/** (b): `clients` counters registering at once over HTTP for SECONDS. */
async function concurrently(url, customers, clients) {
  const callMs = [];
  const registrationMs = [];
  const counters = customers.slice(0, clients).map((customer) => ({
    customer,
    issuer: timed(new HttpIssuer({ baseUrl: url, terminal }), callMs),
    phone: timed(new HttpSandboxPhone({ baseUrl: url, terminal }), callMs),
  }));
  await Promise.all(counters.map((c) => registration(c.issuer, c.phone, c.customer)));
  callMs.length = 0;
  const start = performance.now();
  const deadline = start + SECONDS * 1000;
  await Promise.all(
    counters.map(async (c) => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        await registration(c.issuer, c.phone, c.customer);
        registrationMs.push(performance.now() - begun);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const reg = summary(registrationMs);
  const call = summary(callMs);
  const result = {
    clients,
    registrations: registrationMs.length,
    registrationsPerSecond: registrationMs.length / seconds,
    requestsPerSecond: callMs.length / seconds,
    registrationMedianMs: reg.p50,
    registrationP95Ms: reg.p95,
    requestMedianMs: call.p50,
    requestP95Ms: call.p95,
  };
  console.log(
    `  ${String(clients).padStart(3)} clients  ${result.registrationsPerSecond.toFixed(1).padStart(6)} reg/s  ${result.requestsPerSecond.toFixed(0).padStart(5)} req/s` +
      `   registration median ${reg.p50.toFixed(1).padStart(6)} ms  p95 ${reg.p95.toFixed(1).padStart(6)} ms` +
      `   request median ${call.p50.toFixed(2).padStart(6)} ms  p95 ${call.p95.toFixed(2).padStart(6)} ms`,
  );
  return result;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-issuer-'));
const output = { date: new Date().toISOString(), node: process.version, seed: SEED, runs: RUNS, indexes: !NO_INDEXES, callsPerRegistration: CALLS_PER_REGISTRATION };
try {
  console.log(`(a) one registration (${CALLS_PER_REGISTRATION} calls, in-process), fresh store vs ${SEED} registrations on file${NO_INDEXES ? ', INDEXES DROPPED' : ''}`);
  const fresh = openSandboxDb(join(dir, 'fresh.db'));
  const db = openSandboxDb(join(dir, 'large.db'));
  if (NO_INDEXES) for (const store of [fresh, db]) dropIndexes(store);
  const seeding = performance.now();
  seedAtScale(db, SEED);
  db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`  (seeded ${SEED} registrations in ${((performance.now() - seeding) / 1000).toFixed(1)} s)`);
  const sandbox = new SandboxIssuer({ db });
  const [freshResult, largeResult] = await timeRegistrations([
    { label: 'fresh store', sandbox: new SandboxIssuer({ db: fresh }) },
    { label: `${SEED} registrations on file`, sandbox },
  ]);
  fresh.close();
  const ratio = largeResult.medianMs / freshResult.medianMs;
  const cpuRatio = largeResult.cpuMedianMs / freshResult.cpuMedianMs;
  console.log(`  ratio of medians: ${ratio.toFixed(2)}x (CPU ${cpuRatio.toFixed(2)}x)`);
  output.size = { fresh: freshResult, large: largeResult, ratio, cpuRatio };

  output.concurrency = [];
  if (CLIENTS.length > 0) {
    console.log(`(b) registrations over HTTP (127.0.0.1) on the store of ${SEED}, ${SECONDS} s per level`);
    const customers = benchCustomers(db, Math.max(...CLIENTS));
    const server = await startSandboxServer({ sandbox, log: () => {} });
    try {
      for (const clients of CLIENTS) output.concurrency.push(await concurrently(server.url, customers, clients));
    } finally {
      await server.close();
    }
  }
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync('.test-output', { recursive: true });
writeFileSync('.test-output/bench-issuer.json', `${JSON.stringify(output, null, 2)}\n`);
console.log('written to .test-output/bench-issuer.json');
