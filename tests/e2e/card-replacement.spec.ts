import type { Page } from '@playwright/test';
import type { SeedCustomer } from '../support/issuer-fixtures.js';
import { approvalDialog, approveByKeyboard, expect, pagePrints, serveCustomer, SUPERVISOR, test } from './fixtures.js';

/** The card job on the customer's page: the card typed from its back, issued or registered here. */
async function enrollCard(page: Page, who: SeedCustomer, vendorCode: string, serial: string, action: RegExp) {
  await serveCustomer(page, who);
  await page.keyboard.press('F3');
  const job = page.getByTestId('card-job');
  await job.getByLabel('벤더코드 (3자리)').fill(vendorCode);
  await job.getByLabel('일련번호 (12자리)').fill(serial);
  await job.getByLabel('일련번호 (12자리)').press('Enter');
  await page.getByRole('button', { name: action }).press('Enter');
  await expect(page.getByTestId('card-job-done')).toBeVisible();
  await page.getByRole('button', { name: '완료' }).press('Enter');
}

/** F3 on a customer whose card is registered here opens its replacement; the new card is typed from stock. */
async function replaceWith(page: Page, vendorCode: string, serial: string) {
  await page.keyboard.press('F3');
  const job = page.getByTestId('card-replacement');
  await expect(job.getByLabel('벤더코드 (3자리)')).toBeFocused();
  await page.keyboard.type(vendorCode);
  await page.keyboard.press('Tab');
  await page.keyboard.type(serial);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('replace-new-card')).toBeVisible();
  // The card known, the reason is the next decision.
  await expect(job.getByRole('radio', { name: '훼손·불량' })).toBeFocused();
  return job;
}

const devices = (page: Page) => page.getByTestId('devices');

test("홍길동's card, faulty within a year, is replaced free by keyboard; the old one stops, the slip says so", async ({ consolePage: page }) => {
  await enrollCard(page, 'hong', '001', '100000000001', /카드 발급/);
  const job = await replaceWith(page, '001', '100000000002');
  await expect(page.getByTestId('replace-new-card')).toContainText('새 카드 001 · 1000****0002: 재고, 발급기관 088.');
  await expect(job.getByRole('group', { name: '수수료 (수수료표 5,000원)' })).toBeVisible();
  await job.getByRole('radio', { name: '면제: 발급 1년 이내 불량' }).check();
  await expect(page.getByTestId('replace-confirm-sentence')).toHaveText(
    '홍길동 고객의 스마트OTP 카드 (001 · 1000****0001, 기관 088)를 새 카드 001 · 1000****0002(으)로 교체 발급합니다 (훼손·불량). ' +
      '이전 카드는 모든 기관에서 사용이 중지됩니다. 수수료 면제: 발급 1년 이내 불량.',
  );
  await page.getByRole('button', { name: '교체 발급 (Enter)' }).press('Enter');

  await expect(page.getByTestId('replacement-receipt')).toContainText(
    /^교체 발급되었습니다: 스마트OTP 카드 \(001 · 1000\*\*\*\*0002, 기관 088\)\. .*접수번호 \d{8}-\d{6}\. 수수료 면제: 발급 1년 이내 불량\.$/,
  );
  await expect(page.getByTestId('reregister')).toHaveText('다른 기관에 다시 등록할 곳은 없습니다.');
  await expect(page.getByTestId('notified')).toHaveText('고객에게 알림 문자를 보냈습니다: 010-****-5678');
  await expect(devices(page).getByRole('row', { name: /스마트OTP 카드 088 교체됨 .*1000\*\*\*\*0001/ })).toBeVisible();
  await expect(devices(page).getByRole('row', { name: /스마트OTP 카드 088 사용 중 .*1000\*\*\*\*0002/ })).toBeVisible();

  const [slip] = await pagePrints(page, () => page.getByRole('button', { name: '접수증 인쇄' }).click());
  expect(slip).toContain('스마트OTP 카드 교체 발급 확인증');
  expect(slip).toContain('이전 카드 001 · 1000****0001 → 새 카드 001 · 1000****0002');
  expect(slip).toContain('수수료 면제: 발급 1년 이내 불량.');
  expect(slip).toContain('고객 홍*동 · 휴대폰 010-****-5678');
  expect(slip).not.toMatch(/010-?1234-?5678/);

  // Replaced, the old card offers nothing more: only the new one can be replaced (F3 goes to it).
  await page.getByRole('button', { name: '완료' }).press('Enter');
  await expect(page.getByRole('button', { name: /^교체 발급: 스마트OTP 카드/ })).toHaveCount(1);
  await expect(page.getByRole('button', { name: '교체 발급: 스마트OTP 카드 (001 · 1000****0002, 기관 088)' })).toBeVisible();
});

test("김영희's card from 020, registered here, is replaced for its fee: wrong waiver and wrong fee are refused first", async ({ consolePage: page }) => {
  await enrollCard(page, 'kim', '003', '300000000004', /이 기관에 등록/);
  const job = await replaceWith(page, '002', '200000000003');
  const submit = page.getByRole('button', { name: /^교체 발급 \(Enter\)|^다시 시도/ });
  const cardRow = /스마트OTP 카드 088 사용 중 .*3000\*\*\*\*0004/;

  // Issued by 020 years ago: not a defect within a year. The issuer says so and nothing changes.
  await job.getByRole('radio', { name: '면제: 발급 1년 이내 불량' }).check();
  await submit.press('Enter');
  await expect(job.getByRole('alert')).toHaveText('이 면제 사유는 해당되지 않습니다: 발급 1년 이내의 카드를 훼손으로 교체할 때만 됩니다.');
  await expect(devices(page).getByRole('row', { name: cardRow })).toBeVisible();

  // The fee the teller takes is the table's: 3,000 won is refused by the issuer.
  await job.getByRole('radio', { name: '면제 없음' }).check();
  await expect(job.getByLabel('받을 수수료 (원)')).toHaveValue('5000');
  await job.getByLabel('받을 수수료 (원)').fill('3000');
  await submit.press('Enter');
  await expect(job.getByRole('alert')).toHaveText('수수료가 수수료표와 다릅니다. 전액을 받거나 면제 사유를 골라 0원으로 하세요.');
  await expect(devices(page).getByRole('row', { name: cardRow })).toBeVisible();

  // Not a number at all: the console says so and sends nothing.
  await job.getByLabel('받을 수수료 (원)').fill('오천원');
  await submit.press('Enter');
  await expect(job.getByText('수수료는 원 단위 숫자로 입력하세요 (예: 5000).')).toBeVisible();

  await job.getByLabel('받을 수수료 (원)').fill('5000');
  await submit.press('Enter');
  await expect(page.getByTestId('replacement-receipt')).toContainText('수수료 5,000원.');
  // The old card was in use at 020 too: it stopped there, and the customer registers the new one there again.
  await expect(page.getByTestId('reregister')).toHaveText('이전 카드를 쓰던 기관 020에서는 새 카드를 다시 등록해야 합니다.');
  await expect(page.getByTestId('notified')).toHaveText('고객에게 알림 문자를 보냈습니다: 010-****-6789');
  await expect(devices(page).getByRole('row', { name: /스마트OTP 카드 020 교체됨/ })).toBeVisible();
});

test("a waiver at the supervisor's discretion: a teller cannot approve it, the supervisor does", async ({ consolePage: page }) => {
  await enrollCard(page, 'hong', '001', '100000000001', /카드 발급/);
  const job = await replaceWith(page, '001', '100000000002');
  await job.getByRole('radio', { name: '유효기간 만료' }).check();
  // An expired card is no defect: that waiver is not offered for it.
  await expect(job.getByRole('radio', { name: '면제: 발급 1년 이내 불량' })).toBeDisabled();
  await job.getByRole('radio', { name: '면제: 책임자 재량 (책임자 승인)' }).check();
  await page.getByRole('button', { name: '책임자 승인 요청 (Enter)' }).press('Enter');
  await expect(approvalDialog(page)).toContainText('수수료 면제: 책임자 재량.');

  await approveByKeyboard(page, { staffId: 'T0002', password: 'teller-pass-2' });
  await expect(approvalDialog(page).getByRole('alert')).toHaveText('승인은 책임자만 할 수 있습니다. 책임자의 직원번호를 입력하세요.');
  await expect(devices(page).getByRole('row', { name: /스마트OTP 카드 088 사용 중 .*1000\*\*\*\*0001/ })).toBeVisible();

  await approvalDialog(page).getByLabel('책임자 직원번호').fill(SUPERVISOR.staffId);
  await approvalDialog(page).getByLabel('책임자 비밀번호').fill(SUPERVISOR.password);
  await approvalDialog(page).getByLabel('책임자 비밀번호').press('Enter');
  await expect(page.getByTestId('approval-granted')).toContainText('S0001');
  // Approved, the request is frozen; the teller carries it out.
  await expect(job.getByRole('radio', { name: '훼손·불량' })).toBeDisabled();
  await expect(page.getByRole('button', { name: '교체 발급 (Enter)' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('replacement-receipt')).toContainText('수수료 면제: 책임자 재량.');
});

test('a new card not in this branch\'s stock, or a lost one, is refused before anything is sent', async ({ consolePage: page }) => {
  await enrollCard(page, 'hong', '001', '100000000001', /카드 발급/);
  await replaceWith(page, '003', '300000000005');
  await expect(page.getByTestId('card-replacement').getByRole('alert')).toHaveText('이 지점 재고에 있는 카드가 아닙니다.');
  await expect(page.getByRole('button', { name: '교체 발급 (Enter)' })).toBeDisabled();
  await page.getByRole('button', { name: '다른 카드' }).click();
  const job = page.getByTestId('card-replacement');
  await job.getByLabel('벤더코드 (3자리)').fill('002');
  await job.getByLabel('일련번호 (12자리)').fill('200000000006');
  await job.getByLabel('일련번호 (12자리)').press('Enter');
  await expect(job.getByRole('alert')).toContainText('분실 신고된 카드입니다.');
  await expect(page.getByRole('button', { name: '교체 발급 (Enter)' })).toBeDisabled();
});
