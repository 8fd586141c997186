import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPcscd, type PcscdHandle } from '../../scripts/lib/pcscd.mjs';
import { smartOtpCard, VirtualCard } from '../support/virtual-card.js';

// IT's diagnostic (`npm run reader:probe -- --json` runs this built CLI) against real pcscd.
describe('reader probe', () => {
  let pcscd: PcscdHandle;
  let probe: ChildProcess;
  const lines: Array<Record<string, unknown>> = [];

  const waitForLine = (match: (line: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such line; saw ${JSON.stringify(lines)}`)), 15_000);
      const poll = setInterval(() => {
        const found = lines.find(match);
        if (!found) return;
        clearInterval(poll);
        clearTimeout(timer);
        resolve(found);
      }, 20);
    });

  beforeAll(async () => {
    pcscd = await startPcscd();
    probe = spawn(process.execPath, ['dist/main/reader/probe-cli.js', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    probe.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const line of complete) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
  });
  afterAll(async () => {
    if (probe.exitCode === null) probe.kill('SIGKILL');
    await pcscd.stop();
  });

  it('lists the readers, then prints a read card and a card error as JSON lines', async () => {
    await waitForLine((line) => line.event === 'readers' && line.state === 'READER_READY');
    const good = await VirtualCard.insert({ respond: smartOtpCard({ vendorCode: '003', serial: '300000000004', institution: '020' }) });
    expect(await waitForLine((line) => line.event === 'card-read')).toEqual({
      event: 'card-read',
      reader: 'Virtual PCD 00 00',
      uid: '04112233445566',
      vendorCode: '003',
      serial: '300000000004',
      issuingInstitutionCode: '020',
    });
    await good.remove();
    await waitForLine((line) => line.event === 'card-removed');

    const other = await VirtualCard.insert({ respond: smartOtpCard({ mode: 'not-smart-otp' }) });
    expect(await waitForLine((line) => line.event === 'card-error')).toEqual({
      event: 'card-error',
      reader: 'Virtual PCD 00 00',
      code: 'NOT_SMART_OTP',
      detail: '6A82',
    });
    await other.remove();
  });

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => probe.once('exit', resolve));
    probe.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
