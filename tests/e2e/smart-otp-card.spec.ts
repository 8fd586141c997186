import type { Page } from '@playwright/test';
import { smartOtpCard, VirtualCard } from '../support/virtual-card.js';
import type { SeedCustomer } from '../support/issuer-fixtures.js';
import { expect, serveCustomer, test } from './fixtures.js';

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
  await expect(job.getByRole('alert')).toHaveText('분실·폐기되었거나 아직 발급되지 않은 카드라 등록할 수 없습니다.');
  await tryCard('009', '999999999999');
  await expect(job.getByRole('alert')).toHaveText('등록되지 않은 카드입니다. 벤더코드와 일련번호를 확인하세요.');
});
