import type { Page } from '@playwright/test';
import { expect, loginByKeyboard, serveCustomer, startHost, stopHost, test, TELLER, type ConsoleHost, smsCodeSentTo } from './fixtures.js';

// A short idle time (the least the host accepts) so the test waits seconds, not the default 3 minutes.
const IDLE_SECONDS = 5;

let host: ConsoleHost;
test.beforeEach(async ({ page }) => {
  host = await startHost({ args: ['--idle-seconds', String(IDLE_SECONDS)] });
  await page.goto(host.url);
});
test.afterEach(async () => {
  await stopHost(host);
});

/** Waits, touching nothing, until the console locks itself; returns how long it took. */
async function idleUntilLocked(page: Page): Promise<number> {
  const since = Date.now();
  await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: (IDLE_SECONDS + 5) * 1000 });
  return (Date.now() - since) / 1000;
}

/**
 * Nothing of the customer can be seen or heard: not in the page's visible text, not in what a
 * screen reader is given. The work area stays on the page behind the lock (hidden and inert), so
 * the same teller finds the job as left; what matters is that none of it shows.
 */
async function expectNothingOf(page: Page, traces: string[]) {
  const text = await page.locator('body').innerText();
  const tree = await page.locator('body').ariaSnapshot();
  for (const trace of traces) {
    expect(text, trace).not.toContain(trace);
    expect(tree, trace).not.toContain(trace);
  }
}

const HONG_TRACES = ['홍길동', '홍*동', '900101', '010-****-5678', '고객: ', '디지털OTP 등록'];

test('an unattended counter locks itself with nothing of the customer in view, and the same teller finds the job as left', async ({ page }) => {
  await serveCustomer(page, 'hong');
  await page.keyboard.press('F2');
  await expect(page.getByRole('radio', { name: '010-****-5678' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('otp-sms-sent')).toBeVisible();
  const codeField = page.getByLabel('고객이 보여 준 인증번호 (5자리)');
  await codeField.focus();
  await page.keyboard.type('123');

  const waited = await idleUntilLocked(page);
  expect(waited).toBeGreaterThan(IDLE_SECONDS - 1);
  await expect(page.getByTestId('lock-screen')).toContainText('김민지 (T0001) 님의 비밀번호를 입력하면 잠금이 풀립니다.');
  await expect(page.getByTestId('customer-page')).toBeHidden();
  await expectNothingOf(page, HONG_TRACES);
  // Keys on the lock screen reach nothing behind it: Esc would otherwise close the job, F2 open one.
  await page.keyboard.press('Escape');
  await page.keyboard.press('F3');

  const password = page.getByLabel('비밀번호');
  await expect(password).toBeFocused();
  await page.keyboard.type('teller-pass-2');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-screen').getByRole('alert')).toContainText('직원번호 또는 비밀번호가 올바르지 않습니다.');
  await expect(password).toBeFocused();
  await expect(password).toHaveValue('');
  await expectNothingOf(page, HONG_TRACES);

  await page.keyboard.type('teller-pass-1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await expect(page.getByTestId('trail')).toHaveText('고객: 홍길동 · 디지털OTP 등록 · SMS 인증번호');
  await expect(codeField).toBeFocused();
  await expect(codeField).toHaveValue('123');
  // The registration goes on after the unlock: the code the customer was texted finishes the step.
  await codeField.fill('');
  await page.keyboard.type(await smsCodeSentTo(page));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('otp-app-code')).toHaveText(/^\d{4} \d{4}$/);
});

test("another teller logging in at a locked counter takes over: the first teller's open registration is cancelled and journaled", async ({ page }) => {
  await serveCustomer(page, 'hong');
  await page.getByRole('button', { name: '디지털OTP 등록' }).click();
  await page.getByRole('button', { name: '인증번호 보내기 (Enter)' }).click();
  await expect(page.getByTestId('otp-sms-sent')).toBeVisible();

  await idleUntilLocked(page);
  await expectNothingOf(page, HONG_TRACES);
  await page.getByRole('button', { name: '다른 직원으로 로그인' }).click();
  await expect(page.getByText(/^다른 직원이 로그인하면 김민지 님의 세션이 끝나고/)).toBeVisible();
  await loginByKeyboard(page, 'T0002', 'teller-pass-2');
  await expect(page.getByTestId('welcome')).toHaveText('이준호 · T0002 · 창구 직원');
  // The counter is the new teller's: the first one's job is gone, not merely out of view.
  await expect(page.getByLabel('신분증 종류')).toBeFocused();
  await expect(page.getByTestId('customer-page')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText('홍*동');

  await page.getByRole('button', { name: '전자저널' }).click();
  const journal = page.getByTestId('journal-table');
  const cancel = journal.locator('tr[data-job="DIGITAL_OTP_CANCEL"]');
  await expect(cancel).toHaveCount(1);
  await expect(cancel).toHaveAttribute('data-result', 'OK');
  await expect(cancel).toContainText('T0001');
  await expect(cancel).toContainText('홍*동 900101-1******');
  const takenOver = journal.locator('tr[data-job="SESSION_TAKEN_OVER"]');
  await expect(takenOver).toHaveCount(1);
  await expect(takenOver).toContainText('T0001');
  await expect(journal.locator('tr[data-job="SESSION_LOCKED"]')).toContainText('T0001');
  await expect(journal.locator('tr[data-job="STAFF_LOGIN"]').first()).toContainText('T0002');
});

test('a dialog open at the lock gives way to the lock screen and is back, as it was, after the unlock', async ({ page }) => {
  await serveCustomer(page, 'hong');
  await page.keyboard.press('F2');
  await expect(page.getByRole('radio', { name: '010-****-5678' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('otp-sms-sent')).toBeVisible();
  await page.keyboard.press('F3');
  const dialog = page.getByRole('dialog', { name: '진행 중인 업무를 취소할까요?' });
  await expect(dialog).toBeVisible();

  await idleUntilLocked(page);
  // The dialog, modal, would leave the lock screen inert: it is closed while the counter is locked.
  await expect(dialog).toHaveCount(0);
  await expectNothingOf(page, HONG_TRACES);
  const password = page.getByLabel('비밀번호');
  await expect(password).toBeFocused();
  await page.keyboard.type(TELLER.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('고객에게 인증번호 SMS가 이미 발송되었습니다.');
  // Esc answers the dialog (the job stays), not the page behind it.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('otp-sms-sent')).toBeVisible();
});
