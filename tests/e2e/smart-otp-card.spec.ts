import type { Page } from '@playwright/test';
import { smartOtpCard, VirtualCard } from '../support/virtual-card.js';
import type { SeedCustomer } from '../support/issuer-fixtures.js';
import { expect, expectAccessible, identifyCustomer, loginByKeyboard, serveCustomer, TELLER, test } from './fixtures.js';

const LOST_ALERT = '분실 신고된 카드입니다. 카드를 돌려주지 마세요. 소유 고객이 찾은 카드라면 실명확인 후 분실 해제(책임자 승인)를 하세요.';

/** Between customers: the card's numbers typed into the home screen's card panel, by keyboard. */
async function typeCardAtHome(page: Page, vendorCode: string, serial: string) {
  await page.getByLabel('벤더코드 (3자리)').focus();
  await page.keyboard.type(vendorCode);
  await page.keyboard.press('Tab');
  await page.keyboard.type(serial);
  await page.keyboard.press('Enter');
}

/** The customer page of `who`, with the card job open. */
async function serve(page: Page, who: SeedCustomer) {
  await serveCustomer(page, who);
  await page.getByRole('button', { name: '스마트OTP 카드 (F3)' }).press('Enter');
}

test("김영희 registers her card from another institution by tapping it", async ({ consolePage: page }) => {
  await serve(page, 'kim');
  const card = await VirtualCard.insert({ respond: smartOtpCard({ vendorCode: '003', serial: '300000000004', institution: '020' }) });
  try {
    await expect(page.getByRole('button', { name: '이 카드로 진행' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('card-proposal')).toContainText('카드 003 / 300000000004: 사용 중, 발급기관 020.');
    await expect(page.getByTestId('card-proposal')).toContainText('다른 기관에서 발급된 김영희 고객의 카드입니다.');
    await expect(page.getByRole('button', { name: '이 기관에 등록 (Enter)' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('card-job-done')).toHaveText('완료되었습니다: 스마트OTP 카드 (003 · 3000****0004, 기관 088), 사용 중.');
  } finally {
    await card.remove();
  }
  await page.getByRole('button', { name: '완료' }).click();
  await expect(page.getByTestId('devices').getByRole('row', { name: /스마트OTP 카드 088 사용 중/ })).toBeVisible();
});

test('홍길동 gets a card from branch stock, typed from its back', async ({ consolePage: page }) => {
  await serve(page, 'hong');
  const job = page.getByTestId('card-job');
  await job.getByLabel('벤더코드 (3자리)').fill('001');
  await job.getByLabel('일련번호 (12자리)').fill('100000000001');
  await job.getByLabel('일련번호 (12자리)').press('Enter');
  await expect(page.getByTestId('card-proposal')).toContainText('이 지점 재고 카드입니다. 홍길동 고객에게 발급합니다.');
  await page.getByRole('button', { name: '카드 발급 (Enter)' }).press('Enter');
  await expect(page.getByTestId('card-job-done')).toContainText('스마트OTP 카드 (001 · 1000****0001, 기관 088)');
});

test('every refusal is explained: a card held by someone else, a lost card, an unknown card', async ({ consolePage: page }) => {
  await serve(page, 'lee');
  const job = page.getByTestId('card-job');
  const tryCard = async (vendorCode: string, serial: string) => {
    await job.getByLabel('벤더코드 (3자리)').fill(vendorCode);
    await job.getByLabel('일련번호 (12자리)').fill(serial);
    await job.getByLabel('일련번호 (12자리)').press('Enter');
  };
  await tryCard('003', '300000000004');
  await expect(job.getByRole('alert')).toHaveText('다른 고객 명의의 카드입니다.');
  await tryCard('002', '200000000006');
  // A lost card in the teller's hand is an alert of its own, with what to do.
  await expect(job.getByTestId('lost-card-alert')).toHaveText(LOST_ALERT);
  await tryCard('009', '999999999999');
  await expect(job.getByRole('alert')).toHaveText('등록되지 않은 카드입니다. 벤더코드와 일련번호를 확인하세요.');
});

test.describe('a card tapped before the customer is identified', () => {
  test('a lost card raises the alert at once, names no holder, and leads to 홍길동 after his identity check', async ({ consolePage: page }) => {
    await loginByKeyboard(page, TELLER.staffId, TELLER.password);
    await typeCardAtHome(page, '002', '200000000006');
    const notice = page.getByTestId('tapped-card');
    await expect(notice.getByTestId('lost-card-alert')).toHaveText(LOST_ALERT);
    await expect(notice).toContainText('카드 002 / 200000000006: 분실 신고됨, 발급기관 020. 카드 소유 고객을 실명확인하면 고객 화면에서 이 카드를 보여 드립니다.');
    await expect(notice).not.toContainText('홍');
    await expectAccessible(page, 'home with a lost card tapped');
    // The next thing to do is the identity check.
    await expect(page.getByLabel('신분증 종류')).toBeFocused();
    await identifyCustomer(page, 'hong');
    const holder = page.getByTestId('tapped-card-holder');
    await expect(holder).toContainText('탭한 카드 002 · 2000****0006는 이 고객의 카드입니다.');
    await expect(holder.getByTestId('lost-card-alert')).toBeVisible();
    await expectAccessible(page, 'customer page with the tapped lost card');
  });

  test("김영희's card leads to her record of it; for 이철수 it is said not to be his", async ({ consolePage: page }) => {
    await loginByKeyboard(page, TELLER.staffId, TELLER.password);
    await typeCardAtHome(page, '003', '300000000004');
    await expect(page.getByTestId('tapped-card')).toContainText('사용 중, 발급기관 020');
    await identifyCustomer(page, 'kim');
    await expect(page.getByTestId('tapped-card-holder')).toHaveText('탭한 카드 003 · 3000****0004는 이 고객의 카드입니다.');
    const marked = page.getByTestId('devices').locator('tr.just-changed');
    await expect(marked).toHaveCount(1);
    await expect(marked).toContainText('스마트OTP 카드탭한 카드');
    await expect(marked).toContainText('003 · 3000****0004');

    // The customer leaves: the tapped card goes with them.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('tapped-card')).toHaveCount(0);
    await typeCardAtHome(page, '003', '300000000004');
    await identifyCustomer(page, 'lee');
    await expect(page.getByTestId('tapped-card-holder').getByRole('alert')).toHaveText(
      '탭한 카드 003 · 3000****0004는 이 고객의 카드가 아닙니다. 카드 소유자를 다시 확인하세요.',
    );
    await expect(page.getByTestId('devices').locator('tr.just-changed')).toHaveCount(0);
  });

  test('a card from branch stock opens its issuance for the customer identified next', async ({ consolePage: page }) => {
    await loginByKeyboard(page, TELLER.staffId, TELLER.password);
    await typeCardAtHome(page, '001', '100000000002');
    await expect(page.getByTestId('tapped-card')).toContainText('이 지점 재고 카드입니다. 고객을 실명확인하면 이 카드로 발급을 시작합니다.');
    await identifyCustomer(page, 'hong');
    await expect(page.getByTestId('card-proposal')).toContainText('카드 001 / 100000000002: 재고, 발급기관 088.');
    await expect(page.getByRole('button', { name: '카드 발급 (Enter)' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('card-job-done')).toContainText('스마트OTP 카드 (001 · 1000****0002, 기관 088)');
  });
});
