import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFromSms } from '../support/issuer-fixtures.js';

// `npm run issuer` runs this built CLI: started here as a process, talked to with plain HTTP.
const CLI = 'dist/sandbox/http/cli.js';

function startCli(args: string[]): Promise<{ child: ChildProcess; lines: string[]; url: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      const match = /^issuer sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0] ?? '');
      if (match) resolve({ child, lines, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`issuer CLI exited with ${code}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

describe('the standalone sandbox issuer (npm run issuer)', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startCli>>;
  const headers = { 'Content-Type': 'application/json', 'X-Institution-Code': '088', 'X-Branch-Code': '0101', 'X-Terminal-Id': 'T-CURL' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'issuer-cli-'));
    server = await startCli(['--port', '0', '--db', join(dir, 'sandbox.sqlite')]);
  });
  afterAll(async () => {
    await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };

  it('prints exactly one line, the address it listens on (a free port for --port 0)', () => {
    expect(server.lines).toEqual([`issuer sandbox listening on ${server.url}`]);
  });

  it('serves a whole registration to plain HTTP calls: SMS code, app code, activation, OTP check', async () => {
    const { json: session } = await call('POST', '/v1/staff/sessions', { staffId: 'T0001', password: 'teller-pass-1' });
    const token = session.token as string;
    const { json: check } = await call('POST', '/v1/identity-checks', { name: '홍길동', rrn: '9001011123459', document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02' } }, token);
    const { status, json: started } = await call('POST', '/v1/digital-otp/registrations', { customerRef: check.customerRef, identityCheckId: check.checkId, mobileNumber: '+82 10-1234-5678' }, token);
    expect(status).toBe(201);
    const { json: outbox } = await call('GET', '/v1/sandbox/sms-outbox?mobileNumber=01012345678');
    const base = `/v1/digital-otp/registrations/${started.registrationId}`;
    expect((await call('POST', `${base}/sms-verification`, { code: codeFromSms(outbox.messages) }, token)).json).toEqual({ status: 'SMS_VERIFIED' });
    const { json: appCode } = await call('POST', `${base}/app-code`, {}, token);
    const { json: app } = await call('POST', '/v1/sandbox/app/activations', { appRegistrationCode: appCode.appRegistrationCode, phoneDeviceId: 'curl-phone' });
    expect((await call('GET', base, undefined, token)).json).toMatchObject({ status: 'ACTIVATED', deviceId: app.deviceId });
    const { json: otp } = await call('POST', '/v1/sandbox/app/otp', { deviceId: app.deviceId });
    expect(await call('POST', `/v1/devices/${app.deviceId}/otp-check`, { otp: otp.otp }, token)).toEqual({ status: 200, json: { ok: true } });
  });

  it('keeps serving after garbage: malformed JSON, wrong types, unknown fields', async () => {
    const raw = await fetch(`${server.url}/v1/staff/sessions`, { method: 'POST', headers, body: '{"staffId":' });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_JSON');
    expect((await call('POST', '/v1/staff/sessions', { staffId: ['T0001'], password: 1 })).json.error.code).toBe('VALIDATION_FAILED');
    expect((await call('POST', '/v1/staff/sessions', { staffId: 'T0001', password: 'teller-pass-1', admin: true })).json.error.code).toBe('VALIDATION_FAILED');
    expect((await call('GET', '/v1/health')).json).toMatchObject({ status: 'ok' });
  });

  it('refuses a bad port with a message and a non-zero exit', async () => {
    const child = spawn(process.execPath, [CLI, '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be 0–65535');
  });
});
