import type { Locator, Page } from '@playwright/test';
import { expect, loginByKeyboard, startHost, stopHost, test } from './fixtures.js';

/** Walks the focus back with Shift+Tab to a control and presses Enter on it: no mouse. */
async function pressByKeyboard(page: Page, control: Locator) {
  for (let i = 0; i < 20 && !(await control.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Shift+Tab');
  }
  await expect(control).toBeFocused();
  await page.keyboard.press('Enter');
}

test.describe('staff login', () => {
  test('a teller logs in and out with the keyboard only', async ({ consolePage: page }) => {
    await expect(page.getByTestId('training-banner')).toHaveText('교육 모드 · 실제 거래가 아닙니다');
    await loginByKeyboard(page, 'T0001', 'teller-pass-1');
    await expect(page.getByTestId('welcome')).toHaveText('김민지 · T0001 · 창구 직원');
    await expect(page.getByText('T0001 · 창구 직원')).toBeVisible();
    await expect(page.getByTestId('training-banner')).toBeVisible();

    // Tab to the logout button and press Enter: no mouse anywhere.
    const logout = page.getByRole('button', { name: '로그아웃' });
    // After login the identity check has focus (the teller types there next); the way out is behind it.
    await expect(page.getByLabel('신분증 종류')).toBeFocused();
    for (let i = 0; i < 10 && !(await logout.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Shift+Tab');
    }
    await expect(logout).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByText('로그아웃되었습니다.')).toBeVisible();
    await expect(page.getByLabel('직원번호')).toBeFocused();
  });

  test('a wrong password is explained in Korean, then in English after the switch', async ({ consolePage: page }) => {
    await loginByKeyboard(page, 'T0001', 'not-my-password');
    await expect(page.getByRole('alert')).toHaveText('직원번호 또는 비밀번호가 올바르지 않습니다. 남은 시도 횟수: 4회');
    await expect(page.getByLabel('비밀번호')).toBeFocused();
    await expect(page.getByLabel('비밀번호')).toHaveValue('');

    await page.getByRole('button', { name: 'Switch to English' }).press('Enter');
    await expect(page.getByRole('heading', { name: 'Staff login' })).toBeVisible();
    await page.getByLabel('Password').fill('still-wrong');
    await page.getByLabel('Password').press('Enter');
    await expect(page.getByRole('alert')).toHaveText('Staff ID or password is incorrect. Attempts left: 3');
    await expect(page.getByTestId('training-banner')).toHaveText('TRAINING MODE · not real transactions');
  });

  test('the language choice sticks across a reload and a restart of the console', async ({ page }) => {
    const first = await startHost();
    await page.goto(first.url);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(page.getByRole('heading', { name: 'Staff login' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Staff login' })).toBeVisible();
    await stopHost(first, { keepData: true });

    const second = await startHost({ dataDir: first.dataDir });
    await page.goto(second.url);
    await expect(page.getByRole('heading', { name: 'Staff login' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await stopHost(second);
  });

  test("each staff member gets their own language at login; logged out, the terminal's", async ({ consolePage: page }) => {
    await loginByKeyboard(page, 'T0001', 'teller-pass-1');
    await expect(page.getByRole('button', { name: '로그아웃' })).toBeVisible();
    await pressByKeyboard(page, page.getByRole('button', { name: 'Switch to English' }));
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await pressByKeyboard(page, page.getByRole('button', { name: 'Log out' }));
    // The terminal's language is still Korean: T0001's choice was T0001's.
    await expect(page.getByText('로그아웃되었습니다.')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');

    await loginByKeyboard(page, 'S0001', 'super-pass-1');
    await expect(page.getByRole('button', { name: '로그아웃' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await pressByKeyboard(page, page.getByRole('button', { name: '로그아웃' }));
    await expect(page.getByLabel('직원번호')).toBeFocused();

    await loginByKeyboard(page, 'T0001', 'teller-pass-1');
    await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('bad input is caught by the shared rules before anything is sent', async ({ consolePage: page }) => {
    await loginByKeyboard(page, '1234', '');
    await expect(page.getByText('직원번호는 영문 1자와 숫자 4자리입니다 (예: T0001).')).toBeVisible();
    await expect(page.getByText('비밀번호를 입력하세요.')).toBeVisible();
    await expect(page.getByLabel('직원번호')).toBeFocused();
  });

  test('five wrong passwords lock the staff account, and the right one no longer works', async ({ consolePage: page }) => {
    const password = page.getByLabel('비밀번호');
    await loginByKeyboard(page, 'T0002', 'wrong-1');
    for (const [attempt, left] of [[2, 3], [3, 2], [4, 1]] as const) {
      await expect(page.getByRole('alert')).toContainText(`남은 시도 횟수: ${left + 1}회`);
      await password.fill(`wrong-${attempt}`);
      await password.press('Enter');
    }
    await expect(page.getByRole('alert')).toContainText('남은 시도 횟수: 1회');
    await password.fill('wrong-5');
    await password.press('Enter');
    await expect(page.getByRole('alert')).toHaveText(/직원 계정이 잠겼습니다/);

    await password.fill('teller-pass-2');
    await password.press('Enter');
    await expect(page.getByRole('alert')).toHaveText(/직원 계정이 잠겼습니다/);
    await expect(page.getByTestId('welcome')).toHaveCount(0);
  });

  test('an expired session returns the teller to the login screen with the reason', async ({ page }) => {
    const host = await startHost({ args: ['--session-seconds', '2'] });
    await page.goto(host.url);
    await loginByKeyboard(page, 'T0001', 'teller-pass-1');
    await expect(page.getByTestId('welcome')).toBeVisible();
    await expect(page.getByText('근무 세션이 만료되어 로그아웃되었습니다. 다시 로그인하세요.')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('welcome')).toHaveCount(0);
    await stopHost(host);
  });

  test('without the printed address the console explains how to open it', async ({ page, host }) => {
    await page.goto(host.url.split('#')[0]!);
    await expect(page.getByRole('heading', { name: '접속 주소를 확인하세요' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Check the address' })).toBeVisible();
  });
});

/**
 * Holds back the scripts `held` names, as a slow counter PC evaluates them, and types the staff ID
 * and password into the page's first-paint login form meanwhile. Releasing lets the scripts load.
 */
async function typeBeforeScripts(page: Page, host: { url: string }, held: RegExp): Promise<() => void> {
  let release!: () => void;
  const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
  await page.route(held, async (route) => {
    await scriptsHeld;
    await route.continue();
  });
  // Not waiting for the page's load: that waits for the scripts held back.
  await page.goto(host.url, { waitUntil: 'commit' });
  await expect(page.getByLabel('직원번호 · Staff ID')).toBeFocused();
  await page.keyboard.type('T0001');
  await page.keyboard.press('Tab');
  await page.keyboard.type('teller-pass-1');
  return release;
}

test("the page's first paint is a login form: keys typed before the console's scripts have run are kept", async ({ page, host }) => {
  const release = await typeBeforeScripts(page, host, /\.js$/);
  release();

  // The console's login screen took over the values and the field the teller was in.
  await expect(page.locator('#boot-login')).toHaveCount(0);
  await expect(page.getByLabel('직원번호', { exact: true })).toHaveValue('T0001');
  await expect(page.getByLabel('비밀번호', { exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('welcome')).toContainText('T0001');
});

test('Enter pressed in the first-paint form, before the login screen has taken over, logs in', async ({ page, host }) => {
  // The first script runs (it focuses the form and hears Enter); the login screen's code is held back.
  const release = await typeBeforeScripts(page, host, /\/assets\/(start|react-dom)-[^/]*\.js$/);
  await page.keyboard.press('Enter');
  release();
  await expect(page.getByTestId('welcome')).toContainText('T0001');
});
