import type { Page } from '@playwright/test';
import { expect, loginByKeyboard, serveCustomer, startHost, stopHost, test, type ConsoleHost } from './fixtures.js';

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
 * Nothing of the customer is on the page. The home screen's worklists are the branch's, not the
 * visit's: they list a restricted device by its masked holder whoever was served, so they are left out.
 */
async function expectNothingOf(page: Page, traces: string[]) {
  const html = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    copy.querySelector('[data-testid="worklists"]')?.remove();
    return copy.outerHTML;
  });
  for (const trace of traces) expect(html, trace).not.toContain(trace);
}

const CHOI_TRACES = ['최지우', '최*우', '920814', '010-****-9012', 'dev-choi-digital', '고객: '];

test('an unattended counter locks itself, the customer leaves the page, and only the same teller opens it', async ({ page }) => {
  await serveCustomer(page, 'choi');
  await expect(page.getByTestId('devices')).toBeVisible();

  const waited = await idleUntilLocked(page);
  expect(waited).toBeGreaterThan(IDLE_SECONDS - 1);
  await expect(page.getByTestId('lock-screen')).toContainText('김민지 (T0001) 님의 비밀번호를 입력하면 잠금이 풀립니다.');
  await expect(page.getByTestId('customer-page')).toHaveCount(0);
  await expect(page.getByTestId('devices')).toHaveCount(0);
  await expectNothingOf(page, CHOI_TRACES);

  const password = page.getByLabel('비밀번호');
  await expect(password).toBeFocused();
  await page.keyboard.type('teller-pass-2');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-screen').getByRole('alert')).toContainText('직원번호 또는 비밀번호가 올바르지 않습니다.');
  await expect(password).toBeFocused();
  await expect(password).toHaveValue('');

  await page.keyboard.type('teller-pass-1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('welcome')).toHaveText('김민지 · T0001 · 창구 직원');
  await expect(page.getByLabel('신분증 종류')).toBeVisible();
  await expect(page.getByTestId('customer-page')).toHaveCount(0);
  await expectNothingOf(page, CHOI_TRACES);
});

test("another teller logging in at a locked counter takes over: the first teller's open registration is cancelled and journaled", async ({ page }) => {
  await serveCustomer(page, 'hong');
  await page.getByRole('button', { name: '디지털OTP 등록' }).click();
  await page.getByRole('button', { name: '인증번호 보내기 (Enter)' }).click();
  await expect(page.getByTestId('otp-sms-sent')).toBeVisible();

  await idleUntilLocked(page);
  await expectNothingOf(page, ['홍길동', '홍*동', '900101', '010-****-5678']);
  await page.getByRole('button', { name: '다른 직원으로 로그인' }).click();
  await expect(page.getByText(/^다른 직원이 로그인하면 김민지 님의 세션이 끝나고/)).toBeVisible();
  await loginByKeyboard(page, 'T0002', 'teller-pass-2');
  await expect(page.getByTestId('welcome')).toHaveText('이준호 · T0002 · 창구 직원');

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
