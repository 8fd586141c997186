import { writeFileSync } from 'node:fs';
import { pcscdRunning, startPcscd } from '../../scripts/lib/pcscd.mjs';
import { smartOtpCard, VirtualCard, type SmartOtpCardOptions } from '../support/virtual-card.js';
import { REPLACEMENT_PCSCD_PID_FILE } from './global-setup.js';
import { expect, loginByKeyboard, test } from './fixtures.js';

test.describe('tapping a Smart OTP card at the counter', () => {
  test.beforeEach(async ({ consolePage: page }) => {
    await loginByKeyboard(page, 'T0001', 'teller-pass-1');
    await expect(page.getByTestId('card-tap-status')).toHaveText('카드를 리더기에 대 주세요. 카드 뒷면의 번호를 직접 입력해도 됩니다.');
  });

  async function tap(options: SmartOtpCardOptions) {
    return VirtualCard.insert({ respond: smartOtpCard(options) });
  }

  test('a tapped card fills vendor code and serial; Enter confirms it', async ({ consolePage: page }) => {
    const card = await tap({ vendorCode: '003', serial: '300000000004', institution: '020' });
    try {
      await expect(page.getByTestId('card-tap-status')).toHaveText(
        '카드를 읽었습니다: 벤더코드 003, 일련번호 300000000004, 발급기관 020. 카드 뒷면과 같은지 확인하세요.',
      );
      await expect(page.getByLabel('벤더코드 (3자리)')).toHaveValue('003');
      await expect(page.getByLabel('일련번호 (12자리)')).toHaveValue('300000000004');
      await expect(page.getByRole('button', { name: '이 카드로 진행' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('card-confirmed')).toHaveText('확인된 카드: 벤더코드 003, 일련번호 300000000004 (리더기에서 읽음)');
    } finally {
      await card.remove();
    }
  });

  for (const [options, message] of [
    [{ mode: 'not-smart-otp' }, '스마트OTP 카드가 아닙니다. 다른 카드를 대거나 카드 뒷면의 번호를 입력하세요.'],
    [{ mode: 'leave-mid-command' }, '카드를 너무 빨리 뗐습니다. 다시 대고 읽기가 끝날 때까지 기다려 주세요.'],
    [{ mode: 'wrong-digits' }, '카드의 번호 형식이 올바르지 않습니다. 카드 뒷면의 번호를 입력하세요.'],
  ] as const) {
    test(`a faulty card (${options.mode}) is explained, and nothing is filled in`, async ({ consolePage: page }) => {
      const card = await tap(options);
      try {
        await expect(page.getByTestId('card-tap-status')).toHaveText(message);
        await expect(page.getByLabel('일련번호 (12자리)')).toHaveValue('');
      } finally {
        await card.remove();
      }
    });
  }

  test('a failed tap after a good one clears the numbers, and each field says whether it was read or typed', async ({ consolePage: page }) => {
    const vendorCode = page.getByLabel('벤더코드 (3자리)');
    const serial = page.getByLabel('일련번호 (12자리)');
    const good = await tap({ vendorCode: '003', serial: '300000000004', institution: '020' });
    try {
      await expect(serial).toHaveValue('300000000004');
      await expect(page.locator('label', { has: page.getByText('일련번호 (12자리)') })).toContainText('리더기에서 읽음');
      // The teller corrects the serial from the card's back: that field is typed now, the other still read.
      await serial.fill('300000000005');
      await expect(serial).toHaveAttribute('data-source', 'typed');
      await expect(vendorCode).toHaveAttribute('data-source', 'reader');
      await expect(page.locator('label', { has: page.getByText('일련번호 (12자리)') })).toContainText('직접 입력');
    } finally {
      await good.remove();
    }
    const faulty = await tap({ mode: 'not-smart-otp' });
    try {
      await expect(page.getByTestId('card-tap-status')).toHaveText('스마트OTP 카드가 아닙니다. 다른 카드를 대거나 카드 뒷면의 번호를 입력하세요.');
      // Nothing of the previous card is left ready to issue.
      await expect(vendorCode).toHaveValue('');
      await expect(serial).toHaveValue('');
    } finally {
      await faulty.remove();
    }
  });

  test('the numbers from the back of the card can be typed, with the shared rules', async ({ consolePage: page }) => {
    await page.getByLabel('벤더코드 (3자리)').fill('001');
    await page.getByLabel('일련번호 (12자리)').fill('1000-0000-001');
    await page.getByLabel('일련번호 (12자리)').press('Enter');
    await expect(page.getByText('일련번호는 숫자 12자리입니다.')).toBeVisible();
    await page.getByLabel('일련번호 (12자리)').fill('1000 0000 0001');
    await page.getByLabel('일련번호 (12자리)').press('Enter');
    await expect(page.getByTestId('card-confirmed')).toHaveText('확인된 카드: 벤더코드 001, 일련번호 100000000001 (직접 입력)');
  });

  test('killing pcscd mid-session costs only a short reconnecting state', async ({ consolePage: page }) => {
    const reader = page.getByTestId('reader-state');
    await expect(reader).toHaveText('카드 리더기 준비됨');
    process.kill(Number(process.env.E2E_PCSCD_PID), 'SIGKILL');
    await expect(reader).toHaveText('PC/SC 서비스 재연결 중…');
    await expect.poll(() => pcscdRunning()).toBe(false);

    const replacement = await startPcscd();
    writeFileSync(REPLACEMENT_PCSCD_PID_FILE, String(replacement.pid));
    await expect(reader).toHaveText('카드 리더기 준비됨');
    const card = await tap({ serial: '300000000005' });
    try {
      await expect(page.getByLabel('일련번호 (12자리)')).toHaveValue('300000000005');
    } finally {
      await card.remove();
    }
  });
});
