// `npm run bench:issuer`: how long one full Digital OTP registration takes against the sandbox
// issuer, over HTTP on 127.0.0.1 (the production client) and in-process (training mode).
// Prints median / p95 / mean per path and writes them to .test-output/bench-issuer.json.
// Runs the built code in dist/ (the npm script compiles first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { HttpIssuer, HttpSandboxPhone } from '../../dist/main/issuer/http-client.js';
import { InProcessIssuer } from '../../dist/main/issuer/in-process.js';
import { startSandboxServer } from '../../dist/sandbox/http/http-server.js';
import { SandboxIssuer } from '../../dist/sandbox/sandbox-issuer.js';
import { openSandboxDb } from '../../dist/sandbox/store/store.js';
import { summary } from './stats.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 10;
const terminal = { institutionCode: '088', branchCode: '0101', terminalId: 'T-BENCH' };
const hong = { name: '홍길동', rrn: '900101-1123459', document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02' } };

/** One registration as a counter does it, from identity check to the first OTP checked. */
async function registration(issuer, phone) {
  const { token } = await issuer.call('login', { body: { staffId: 'T0001', password: 'teller-pass-1' } });
  const check = await issuer.call('identityCheck', { body: hong }, { token });
  const started = await issuer.call(
    'startRegistration',
    { body: { customerRef: check.customerRef, identityCheckId: check.checkId, mobileNumber: '01012345678' } },
    { token },
  );
  const { messages } = await phone.call('smsOutbox', { query: { mobileNumber: '01012345678' } });
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

async function measure(label, issuer, phone) {
  for (let i = 0; i < WARMUP; i++) await registration(issuer, phone);
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await registration(issuer, phone);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const { p50, p95, mean } = summary(ms);
  const result = { label, runs: RUNS, medianMs: p50, p95Ms: p95, meanMs: mean };
  console.log(`${label.padEnd(28)} median ${result.medianMs.toFixed(2)} ms  p95 ${result.p95Ms.toFixed(2)} ms  mean ${result.meanMs.toFixed(2)} ms  (${RUNS} registrations, 11 calls each)`);
  return result;
}

const db = openSandboxDb(':memory:');
const sandbox = new SandboxIssuer({ db });
const server = await startSandboxServer({ sandbox, log: () => {} });
const results = [];
try {
  results.push(await measure('over HTTP (127.0.0.1)', new HttpIssuer({ baseUrl: server.url, terminal }), new HttpSandboxPhone({ baseUrl: server.url, terminal })));
  const inProcess = new InProcessIssuer(sandbox, terminal);
  const phone = { call: (op, request) => sandbox.handle(op, request, { terminal }) };
  results.push(await measure('in-process (training mode)', inProcess, phone));
} finally {
  await server.close();
  db.close();
}
mkdirSync('.test-output', { recursive: true });
writeFileSync('.test-output/bench-issuer.json', `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
console.log('written to .test-output/bench-issuer.json');
