import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { SEED_STAFF } from '../../sandbox/store/seed.js';
import { DEFAULT_PREFERENCES } from '../../shared/preferences.js';
import type { Result } from '../../shared/result.js';
import { codeFromSms, CUSTOMERS, type SeedCustomer } from '../support/issuer-fixtures.js';
import { E2E_HOSTS_DIR } from './global-setup.js';

export interface ConsoleHost {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** What the host has printed on stdout so far: its start output. */
  output(): string;
}

export interface HostOptions {
  env?: Record<string, string>;
  args?: string[];
  dataDir?: string;
}

/** Starts the built browser host (dist/) on a free port with a fresh training sandbox. */
export async function startHost(options: HostOptions = {}): Promise<ConsoleHost> {
  mkdirSync(E2E_HOSTS_DIR, { recursive: true });
  const dataDir = options.dataDir ?? mkdtempSync(join(E2E_HOSTS_DIR, 'console-'));
  const child = spawn(process.execPath, ['dist/main/host/cli.js', '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  let stdout = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start: ${stderr}`)), 15_000);
    child.stdout?.on('data', () => {
      const match = /browser host listening on (\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`browser host exited (${code}): ${stderr}`)));
  });
  return { url, dataDir, process: child, output: () => stdout };
}

export async function stopHost(host: ConsoleHost, { keepData = false } = {}): Promise<void> {
  if (host.process.exitCode === null) {
    const exited = new Promise((resolve) => host.process.once('exit', resolve));
    host.process.kill('SIGTERM');
    await exited;
  }
  // Every e2e run ends with the journal's hash chain checked, the way an auditor would.
  const journal = join(host.dataDir, 'journal.sqlite');
  if (existsSync(journal)) {
    const verify = spawnSync(process.execPath, ['dist/main/journal/verify-cli.js', journal], { encoding: 'utf8' });
    if (verify.status !== 0) {
      // Kept for a look at what broke it.
      throw new Error(`journal verification failed (exit ${verify.status}), data kept in ${host.dataDir}:\n${verify.stdout}${verify.stderr}`);
    }
  }
  // The logs stay for the run's final check; the rest (journal, preferences) goes.
  if (!keepData) {
    for (const entry of readdirSync(host.dataDir)) if (entry !== 'logs') rmSync(join(host.dataDir, entry), { recursive: true, force: true });
  }
}

/**
 * The console host the tests of one spec file share, in the worker: started for the file's first
 * test that asks for it, reset for each one after, stopped (its journal verified) as soon as the
 * worker moves on to another file or ends. Starting a host costs seconds; a reset, a fraction.
 * One file's host is gone before the next file's tests start, so two files' hosts never meet a
 * card in pcscd's reader at once.
 */
class FileHosts {
  private current: { file: string; host: ConsoleHost } | null = null;

  /** Before every test: a host left by another file is stopped. */
  async enter(file: string): Promise<void> {
    if (this.current && this.current.file !== file) await this.stop();
  }

  async hostFor(file: string): Promise<ConsoleHost> {
    await this.enter(file);
    if (this.current) await resetHost(this.current.host);
    else this.current = { file, host: await startHost() };
    return this.current.host;
  }

  async stop(): Promise<void> {
    const shared = this.current;
    this.current = null;
    if (!shared) return;
    try {
      await stopHost(shared.host);
    } catch (error) {
      // Seen at the next file's first test or at the worker's end: name the file that made it.
      throw new Error(`the host shared by ${shared.file}: ${(error as Error).message}`);
    }
  }
}

/**
 * Gives a used host the state a new one has: the training sandbox back at its seed (clock, staff
 * lockouts and all; only a staff session may ask for that), nobody logged in, the preferences at
 * their defaults. Its journal keeps what earlier tests did (it is append-only): a spec that
 * counts journal rows asks for a fresh host (`freshHost`).
 */
export async function resetHost(host: ConsoleHost): Promise<void> {
  const rpc = await connectToHost(host);
  try {
    let login: Result<unknown> | undefined;
    // Whoever of the seed staff can: a test may have locked an account out.
    for (const { staffId, password } of SEED_STAFF) {
      login = await rpc.call('staff.login', { staffId, password });
      if (login.ok) break;
    }
    expect(login, 'reset: a seed staff member logs in').toMatchObject({ ok: true });
    expect(await rpc.call('training.reset', {}), 'reset: training.reset').toMatchObject({ ok: true });
    for (const [key, value] of Object.entries(DEFAULT_PREFERENCES)) {
      if (key !== 'locale') throw new Error(`reset: the preference ${key} has no reset yet`);
      expect(await rpc.call('preferences.setLocale', { locale: value }), 'reset: preferences.setLocale').toMatchObject({ ok: true });
    }
    expect(await rpc.call('preferences.get', {}), 'reset: preferences').toEqual({ ok: true, value: { ...DEFAULT_PREFERENCES, localeSetByPolicy: false } });
    expect(await rpc.call('staff.current', {}), 'reset: nobody logged in').toEqual({ ok: true, value: null });
  } finally {
    rpc.close();
  }
}

/** The browser host's socket from the test process, as the renderer opens it: this launch's secret, the host's own Origin. */
async function connectToHost(host: ConsoleHost) {
  const url = new URL(host.url);
  const secret = new URLSearchParams(url.hash.slice(1)).get('secret') ?? '';
  const socket = new WebSocket(`ws://${url.host}/rpc?secret=${encodeURIComponent(secret)}`, { origin: url.origin });
  await once(socket, 'open');
  const waiting = new Map<number, { resolve: (result: Result<unknown>) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  socket.on('message', (data) => {
    const reply = JSON.parse(String(data)) as { type: string; id?: number; result?: Result<unknown> };
    // Events (a session ended by the reset) are for screens; only answers matter here.
    if (reply.type !== 'result' || reply.id === undefined) return;
    waiting.get(reply.id)?.resolve(reply.result!);
    waiting.delete(reply.id);
  });
  let failure: Error | undefined;
  socket.on('error', (error) => (failure = error));
  socket.on('close', () => {
    for (const call of waiting.values()) call.reject(failure ?? new Error('browser host socket closed'));
    waiting.clear();
  });
  return {
    call(channel: string, input: unknown): Promise<Result<unknown>> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        socket.send(JSON.stringify({ type: 'call', id, channel, input }));
      });
    },
    close: () => socket.close(),
  };
}

/**
 * A test's console host and a page on it. The tests of a spec file share one host, reset before
 * each of them; `test.use({ freshHost: true })` gives each test of a file a host of its own.
 */
export const test = base.extend<
  { host: ConsoleHost; consolePage: Page; freshHost: boolean; leaveOtherFilesHost: void },
  { fileHosts: FileHosts }
>({
  freshHost: [false, { option: true }],
  fileHosts: [
    async ({}, use) => {
      const hosts = new FileHosts();
      await use(hosts);
      await hosts.stop();
    },
    { scope: 'worker' },
  ],
  // Also for tests that start hosts of their own: the last file's host must not outlive it.
  leaveOtherFilesHost: [
    async ({ fileHosts }, use, testInfo) => {
      await fileHosts.enter(testInfo.file);
      await use();
    },
    { auto: true },
  ],
  host: async ({ fileHosts, freshHost }, use, testInfo) => {
    if (!freshHost) {
      await use(await fileHosts.hostFor(testInfo.file));
      return;
    }
    const host = await startHost();
    await use(host);
    await stopHost(host);
  },
  consolePage: async ({ page, host }, use) => {
    await page.goto(host.url);
    await use(page);
  },
});

export { expect };

export const TELLER = { staffId: 'T0001', password: 'teller-pass-1' };

/** Logs in with the keyboard only, the way a teller does: type, Tab, type, Enter. */
export async function loginByKeyboard(page: Page, staffId: string, password: string) {
  await expect(page.getByLabel(/직원번호|Staff ID/)).toBeFocused();
  await page.keyboard.type(staffId);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

/** Logs a staff member in (the teller T0001 unless told) and checks a seed customer's identity, landing on the customer page. */
export async function serveCustomer(page: Page, who: SeedCustomer, staff: { staffId: string; password: string } = TELLER) {
  await loginByKeyboard(page, staff.staffId, staff.password);
  await identifyCustomer(page, who);
  await expect(page.getByTestId('customer-page')).toContainText(`고객: ${CUSTOMERS[who].name}`);
}

/** Fills the identity check for a seed customer (a wrong issue date if given) and sends it. */
export async function identifyCustomer(page: Page, who: SeedCustomer, { issueDate }: { issueDate?: string } = {}) {
  const { name, rrn, document } = CUSTOMERS[who];
  await page.getByLabel('신분증 종류').selectOption(document.type);
  await page.getByLabel('성명').fill(name);
  await page.getByLabel('주민등록번호').fill(rrn);
  await page.getByLabel('발급일자').fill(issueDate ?? document.issueDate);
  await page.getByLabel('발급일자').press('Enter');
}

/**
 * The same check typed as a teller does it, from the focused document type field: arrows choose
 * the document, Tab goes on, Enter sends.
 */
export async function typeIdentity(page: Page, who: SeedCustomer, { issueDate, documentLabel = /^신분증 종류$/ }: { issueDate?: string; documentLabel?: RegExp } = {}) {
  const { name, rrn, document } = CUSTOMERS[who];
  const type = page.getByLabel(documentLabel);
  await expect(type).toBeFocused();
  for (const key of ['ArrowDown', 'ArrowUp']) {
    for (let i = 0; i < 4 && (await type.inputValue()) !== document.type; i++) await page.keyboard.press(key);
  }
  await expect(type).toHaveValue(document.type);
  await page.keyboard.press('Tab');
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(rrn);
  await page.keyboard.press('Tab');
  await page.keyboard.type(issueDate ?? document.issueDate);
  await page.keyboard.press('Enter');
}

/** The customer's phone, played by the training sandbox: the SMS code last texted to it. */
export async function smsCodeSentTo(page: Page, mobileNumber: string = CUSTOMERS.hong.mobile): Promise<string> {
  const outbox = await callChannel(page, 'training.smsOutbox', { mobileNumber });
  if (!outbox.ok) throw new Error(`outbox: ${outbox.error.code}`);
  return codeFromSms((outbox.value as { messages: Array<{ text: string }> }).messages);
}

/** The page as it prints ("Save as PDF" in the browser host), read back as text. */
export async function printedText(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  await page.emulateMedia({ media: 'print' });
  mkdirSync(testInfo.outputDir, { recursive: true });
  const file = join(testInfo.outputDir, `${name}.pdf`);
  writeFileSync(file, await page.pdf({ format: 'A4' }));
  await testInfo.attach(name, { path: file, contentType: 'application/pdf' });
  await page.emulateMedia({ media: 'screen' });
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/**
 * Does `action`, after which the page prints by itself (`window.print()`, as the reprint button
 * does), and waits for that print to end (`afterprint`): chromium refuses page.pdf while the page
 * is being printed. Returns the text of the slips on the page as each print began.
 */
export async function pagePrints(page: Page, action: () => Promise<void>): Promise<string[]> {
  type Prints = { slips: string[]; ended: number };
  await page.evaluate(() => {
    const w = window as unknown as { e2ePrints?: Prints };
    if (!w.e2ePrints) {
      addEventListener('beforeprint', () =>
        w.e2ePrints!.slips.push(Array.from(document.querySelectorAll('.slip-print'), (slip) => slip.textContent).join('\n')),
      );
      addEventListener('afterprint', () => (w.e2ePrints!.ended += 1));
    }
    w.e2ePrints = { slips: [], ended: 0 };
  });
  await action();
  await expect.poll(() => page.evaluate(() => (window as unknown as { e2ePrints: Prints }).e2ePrints.ended)).toBeGreaterThan(0);
  return page.evaluate(() => (window as unknown as { e2ePrints: Prints }).e2ePrints.slips);
}

/**
 * Calls a main-process channel from the page, past the screens, as a tampered renderer could:
 * its own socket to the browser host with this tab's secret. The console's one staff session
 * answers, as for the screens.
 */
export async function callChannel(page: Page, channel: string, input: unknown): Promise<Result<unknown>> {
  return page.evaluate(
    ({ channel, input }) =>
      new Promise<Result<unknown>>((resolve, reject) => {
        const secret = sessionStorage.getItem('console.hostSecret') ?? '';
        const socket = new WebSocket(`ws://${location.host}/rpc?secret=${encodeURIComponent(secret)}`);
        socket.onopen = () => socket.send(JSON.stringify({ type: 'call', id: 1, channel, input }));
        socket.onerror = () => reject(new Error('browser host socket failed'));
        socket.onmessage = (event) => {
          const reply = JSON.parse(String(event.data)) as { type: string; id?: number; result?: Result<unknown> };
          if (reply.type !== 'result' || reply.id !== 1) return;
          socket.close();
          resolve(reply.result!);
        };
      }),
    { channel, input },
  );
}

export const SUPERVISOR = { staffId: 'S0001', password: 'super-pass-1' };
export const UNLOCK_OPEN = /^제한 해제: 디지털OTP/;
export const REASON = '고객이 OTP 비밀번호를 잊어 연속 오류, 본인 확인 완료';
export const approvalDialog = (page: Page) => page.getByRole('dialog', { name: '책임자 승인' });

/** On 김영희's page, the teller reports her Digital OTP lost by keyboard; the receipt shows. */
export async function reportKimsPhoneLostByKeyboard(page: Page) {
  await page.getByRole('button', { name: '분실 신고: 디지털OTP (010-****-6789, 기관 088)' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '신고 (Enter)' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('loss-receipt')).toBeVisible();
}

/** Tabs until `target` has focus, as a person would reach it. */
export async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 40 && !(await target.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

/** The teller opens the unlock job on 최지우's restricted Digital OTP, types the reason and asks for approval. */
export async function askForUnlock(page: Page, reason = REASON) {
  await tabTo(page, page.getByRole('button', { name: UNLOCK_OPEN }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('해제 사유')).toBeFocused();
  await page.keyboard.type(reason);
  await page.keyboard.press('Enter');
  await expect(approvalDialog(page)).toBeVisible();
  await expect(approvalDialog(page).getByLabel('책임자 직원번호')).toBeFocused();
}

/** What a supervisor does at the teller's console, once the dialog has the focus: ID, Tab, password, Enter. */
export async function approveByKeyboard(page: Page, staff: { staffId: string; password: string }) {
  // Keys typed before the dialog opened would go to the page behind it.
  await expect(page.getByRole('dialog').locator('input:focus')).toHaveCount(1);
  await page.keyboard.type(staff.staffId);
  await page.keyboard.press('Tab');
  await page.keyboard.type(staff.password);
  await page.keyboard.press('Enter');
}

/** A keyboard that counts the keys pressed, so a test can report what a person would type. */
export function countedKeyboard(page: Page) {
  let keystrokes = 0;
  return {
    get keystrokes() {
      return keystrokes;
    },
    async press(key: string) {
      keystrokes += 1;
      await page.keyboard.press(key);
    },
    async type(text: string) {
      keystrokes += text.length;
      await page.keyboard.type(text);
    },
    /** Tab until `target` has focus (each Tab counted). */
    async tabTo(target: Locator) {
      for (let i = 0; i < 30 && !(await target.evaluate((el) => el === document.activeElement)); i++) await this.press('Tab');
      await expect(target).toBeFocused();
    },
  };
}

/** No serious or critical WCAG 2 A/AA violation on what the teller sees now. */
export async function expectAccessible(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `${screen}`).toEqual([]);
}
