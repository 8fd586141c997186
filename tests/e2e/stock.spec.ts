import type { Page } from '@playwright/test';
import type { JournalPage } from '../../shared/journal.js';
import { smartOtpCard, VirtualCard } from '../support/virtual-card.js';
import { approvalDialog, approveByKeyboard, callChannel, expect, expectAccessible, loginByKeyboard, SUPERVISOR, tabTo, TELLER, test } from './fixtures.js';

// The branch's card stock by keyboard: F8 from the home screen, a delivery received and a card
// disposed of on a supervisor's approval, a count (typed cards and a tapped one), refusals in words.

/** F8 on the home screen opens the stock, its heading focused. */
async function openStock(page: Page) {
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.keyboard.press('F8');
  await expect(page.getByRole('heading', { name: '카드 재고', exact: true })).toBeFocused();
}

/** Opens a part of the stock screen by Tab and Enter. */
async function openPart(page: Page, name: string) {
  await tabTo(page, page.getByRole('button', { name, exact: true }));
  await page.keyboard.press('Enter');
}

/** The receipt form filled by keyboard, from the vendor code field (focused when the form opens). */
async function typeReceipt(page: Page, fields: [vendorCode: string, deliveryRef: string, serialFrom: string, serialTo: string]) {
  await expect(page.getByLabel('벤더코드 (3자리)')).toBeFocused();
  for (const [i, value] of fields.entries()) {
    if (i > 0) await page.keyboard.press('Tab');
    await page.keyboard.type(value);
  }
  await page.keyboard.press('Enter');
}

const journalOf = async (page: Page, job: string) => {
  const result = await callChannel(page, 'journal.list', { todayOnly: true });
  if (!result.ok) throw new Error(result.error.code);
  return (result.value as JournalPage).jobs.filter((entry) => entry.job === job);
};

test('a delivery typed and received with approval, listed newest first; a card disposed of with approval', async ({ consolePage: page }) => {
  await openStock(page);
  await expect(page.getByTestId('stock-total')).toHaveText('재고 3매');

  await openPart(page, '입고');
  await typeReceipt(page, ['001', 'DLV-0701', '500000000001', '500000000010']);
  await expect(approvalDialog(page)).toContainText('카드 입고 001 500000000001-500000000010 (10), 입고 번호 DLV-0701');
  await approveByKeyboard(page, SUPERVISOR);
  await expect(page.getByTestId('stock-received')).toHaveText('10매를 입고했습니다 (입고 번호 DLV-0701).');
  await expect(page.getByTestId('stock-total')).toHaveText('재고 13매');
  await expect(page.getByTestId('stock-table').locator('tbody tr').first()).toContainText('001500000000001DLV-0701');
  await expect(page.getByTestId('stock-table').locator('tbody tr').last()).toContainText('SEED-0001');
  expect(await journalOf(page, 'STOCK_RECEIPT')).toContainEqual(
    expect.objectContaining({ result: 'OK', supervisorId: 'S0001', device: '001 500000000001-500000000010 (10)', issuerRef: 'DLV-0701' }),
  );

  await openPart(page, '폐기');
  await tabTo(page, page.getByTestId('stock-dispose').getByLabel('벤더코드 (3자리)'));
  await page.keyboard.type('002');
  await page.keyboard.press('Tab');
  await page.keyboard.type('200000000003');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stock-dispose-card')).toHaveText('폐기할 카드: 002 200000000003');
  await expect(page.getByLabel('폐기 사유')).toBeFocused();
  await page.keyboard.press('ArrowDown'); // 불량
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(approvalDialog(page)).toContainText('재고 카드 002 200000000003 폐기 (사유: 불량)');
  await approveByKeyboard(page, SUPERVISOR);
  await expect(page.getByTestId('stock-disposed')).toHaveText('카드 002 200000000003을(를) 재고에서 폐기했습니다.');
  await expect(page.getByTestId('stock-total')).toHaveText('재고 12매');
  await expect(page.getByTestId('stock-table')).not.toContainText('200000000003');
  expect(await journalOf(page, 'STOCK_DISPOSAL')).toContainEqual(
    expect.objectContaining({ result: 'OK', supervisorId: 'S0001', device: '002 200000000003 DEFECTIVE' }),
  );

  // Esc: from a part back to the list, then home.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: '카드 재고', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('성명')).toBeVisible();
  await expect(page.getByRole('button', { name: '카드 재고 (F8)' })).toBeFocused();
});

test('a count: a tapped card counts once, typed cards too; the result names what is missing and what is unexpected', async ({ consolePage: page }) => {
  await openStock(page);
  await openPart(page, '실사');
  await expect(page.getByLabel('벤더코드 (3자리)')).toBeFocused();
  const count = page.getByTestId('stock-count-number');
  await expect(count).toHaveText('0매 / 장부 3매');

  for (const round of [1, 2]) {
    const card = await VirtualCard.insert({ respond: smartOtpCard({ vendorCode: '001', serial: '100000000001', institution: '088' }) });
    try {
      await expect(page.getByTestId('stock-count-note')).toHaveText(
        round === 1 ? '001 100000000001 실사했습니다.' : '001 100000000001: 이미 센 카드입니다. 한 번만 셉니다.',
      );
    } finally {
      await card.remove();
    }
    await expect(count).toHaveText('1매 / 장부 3매');
  }

  await page.getByLabel('벤더코드 (3자리)').focus();
  await page.keyboard.type('009');
  await page.keyboard.press('Tab');
  await page.keyboard.type('900000000009');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stock-count-note')).toHaveText('009 900000000009: 이 지점 재고에 없는 카드입니다. 초과로 기록됩니다.');
  await expect(page.getByTestId('stock-counted')).toContainText('009 900000000009 직접 입력 · 재고에 없음');
  await expect(count).toHaveText('2매 / 장부 3매');
  // The focus is back on the vendor code for the next card.
  await expect(page.getByLabel('벤더코드 (3자리)')).toBeFocused();

  await tabTo(page, page.getByRole('button', { name: '실사 완료' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stock-count-tally')).toHaveText('장부 3매, 실사 2매: 부족 2매, 초과 1매.');
  await expect(page.getByTestId('stock-count-missing')).toContainText('001 100000000002');
  await expect(page.getByTestId('stock-count-missing')).toContainText('002 200000000003');
  await expect(page.getByTestId('stock-count-unexpected')).toContainText('009 900000000009');
  expect(await journalOf(page, 'STOCK_COUNT')).toContainEqual(expect.objectContaining({ result: 'OK', device: '2/3 -2 +1' }));

  await expect(page.getByRole('button', { name: '돌아가기' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '카드 재고', exact: true })).toBeFocused();
});

test('a bad range is refused on screen in words and nothing is asked; a range of known cards is refused by the issuer in words', async ({
  consolePage: page,
}) => {
  await openStock(page);
  await openPart(page, '입고');
  await typeReceipt(page, ['1a', 'DLV-0702', '500000000010', '500000000001']);
  await expect(page.getByTestId('stock-receive')).toContainText('벤더코드는 숫자 3자리입니다.');
  await expect(approvalDialog(page)).toHaveCount(0);

  await page.getByLabel('벤더코드 (3자리)').fill('001');
  await page.getByLabel('벤더코드 (3자리)').press('Enter');
  await expect(page.getByTestId('stock-receive')).toContainText('끝 일련번호가 시작 일련번호보다 앞설 수 없습니다.');
  await expect(page.getByLabel('끝 일련번호 (마지막 카드)')).toBeFocused();
  await expect(approvalDialog(page)).toHaveCount(0);

  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('500000001010');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stock-receive')).toContainText('한 번에 최대 1,000매까지 입고할 수 있습니다. 범위를 나누어 입고하세요.');
  await expect(approvalDialog(page)).toHaveCount(0);

  await page.getByLabel('시작 일련번호 (첫 카드)').fill('100000000001');
  await page.getByLabel('끝 일련번호 (마지막 카드)').fill('100000000002');
  await page.getByLabel('끝 일련번호 (마지막 카드)').press('Enter');
  await approveByKeyboard(page, SUPERVISOR);
  await expect(page.getByTestId('stock-receive').getByRole('alert')).toContainText('이 범위에 발급기관에 이미 등록된 카드가 있어 입고하지 않았습니다.');
  await expect(page.getByTestId('stock-total')).toHaveText('재고 3매');
  expect(await journalOf(page, 'STOCK_RECEIPT')).toContainEqual(
    expect.objectContaining({ result: 'CARD_ALREADY_EXISTS', supervisorId: 'S0001', device: '001 100000000001-100000000002 (2)', issuerRef: null }),
  );
});

test('a delivery read by tapping its first and last card', async ({ consolePage: page }) => {
  await openStock(page);
  await expectAccessible(page, 'stock list');
  await openPart(page, '입고');
  await expectAccessible(page, 'stock receipt');
  const tap = async (serial: string, note: string) => {
    const card = await VirtualCard.insert({ respond: smartOtpCard({ vendorCode: '004', serial, institution: '088' }) });
    try {
      await expect(page.getByTestId('stock-receive')).toContainText(note);
    } finally {
      await card.remove();
    }
  };
  await tap('400000000101', '첫 카드를 읽었습니다: 004 400000000101. 마지막 카드를 대세요.');
  await expect(page.getByLabel('끝 일련번호 (마지막 카드)')).toBeFocused();
  await tap('400000000105', '마지막 카드를 읽었습니다: 004 400000000105.');
  await expect(page.getByLabel('벤더코드 (3자리)')).toHaveValue('004');
  await expect(page.getByLabel('시작 일련번호 (첫 카드)')).toHaveValue('400000000101');
  await page.getByLabel('입고 번호').fill('DLV-0703');
  await page.getByLabel('입고 번호').press('Enter');
  await expect(approvalDialog(page)).toContainText('카드 입고 004 400000000101-400000000105 (5), 입고 번호 DLV-0703');
  await approveByKeyboard(page, SUPERVISOR);
  await expect(page.getByTestId('stock-received')).toHaveText('5매를 입고했습니다 (입고 번호 DLV-0703).');
  await expect(page.getByTestId('stock-total')).toHaveText('재고 8매');
  await openPart(page, '실사');
  await expectAccessible(page, 'stock count');
});

test('the stock in English', async ({ consolePage: page }) => {
  await openStock(page);
  await page.locator('.language-switch').click();
  await expect(page.getByTestId('stock-total')).toHaveText('3 cards in stock');
  await expect(page.getByRole('columnheader', { name: 'Serial number' })).toBeVisible();
  await openPart(page, 'Count');
  await page.keyboard.type('002');
  await page.keyboard.press('Tab');
  await page.keyboard.type('200000000003');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stock-count-number')).toHaveText('1 of 3 on record');
  await tabTo(page, page.getByRole('button', { name: 'Finish count' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stock-count-tally')).toHaveText('3 on record, 1 counted: 2 missing, 0 unexpected.');
});
