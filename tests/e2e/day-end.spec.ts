import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { identityCheckBody } from '../support/issuer-fixtures.js';
import { approvalDialog, approveByKeyboard, callChannel, expect, identifyCustomer, loginByKeyboard, printedText, SUPERVISOR, tabTo, TELLER, test, typeIdentity } from './fixtures.js';

// Each test closes the day: a host of its own, so no other test starts on a closed day.
test.use({ freshHost: true });

const SEED_STOCK = ['001/100000000001', '001/100000000002', '002/200000000003'];

/** The entry's hash in the journal file, read the way an auditor would. */
function journalHash(dataDir: string, seq: number): string {
  const db = new Database(join(dataDir, 'journal.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT hash FROM entries WHERE seq = ?').get(seq) as { hash: string }).hash;
  } finally {
    db.close();
  }
}

/** Opens the day-end close from the home screen's header, by keyboard. */
async function openDayEnd(page: Page) {
  await tabTo(page, page.getByRole('button', { name: '영업 마감', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /영업 마감$/ })).toBeVisible();
}

/** The day's count on the day-end screen: each card of the stock typed, then the count finished. */
async function countSeedStock(page: Page, cards = SEED_STOCK) {
  await expect(page.getByTestId('day-stock')).toHaveText(/오늘 실사 기록이 없습니다/);
  // While the day has no count, its button is where the focus lands.
  await expect(page.getByRole('button', { name: '재고 실사', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  for (const card of cards) {
    const [vendorCode, serial] = card.split('/') as [string, string];
    await expect(page.getByLabel('벤더코드 (3자리)')).toBeFocused();
    await page.keyboard.type(vendorCode);
    await page.keyboard.press('Tab');
    await page.keyboard.type(serial);
    await page.keyboard.press('Enter');
  }
  await tabTo(page, page.getByRole('button', { name: '실사 완료' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stock-count-tally')).toContainText(`실사 ${cards.length}매`);
  await expect(page.getByRole('button', { name: '돌아가기' })).toBeFocused();
  await page.keyboard.press('Enter');
}

test.describe('day-end close', () => {
  test("a teller closes the day with a supervisor's approval at the witnessed head; the A4 report carries its seq and hash; no customer until a reopen", async ({
    consolePage: page,
    host,
  }, testInfo) => {
    await loginByKeyboard(page, TELLER.staffId, TELLER.password);
    await identifyCustomer(page, 'hong');
    await expect(page.getByTestId('customer-page')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByLabel('성명')).toBeVisible();

    await openDayEnd(page);
    await expect(page.getByTestId('day-jobs')).toContainText('T0001');
    await expect(page.getByTestId('day-jobs').getByRole('row', { name: /T0001 실명확인 정상 1/ })).toBeVisible();
    await expect(page.getByRole('button', { name: '책임자 승인 후 마감' })).toBeDisabled();
    await countSeedStock(page);
    await expect(page.getByTestId('day-stock')).toContainText('실사 3매 / 장부 3매, 부족 0매, 초과 0매');

    await expect(page.getByRole('button', { name: '책임자 승인 후 마감' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(approvalDialog(page)).toContainText(/영업일 마감 \(전자저널 #\d+까지\)/);
    await approveByKeyboard(page, SUPERVISOR);
    await expect(page.getByTestId('day-closed')).toBeVisible();
    const head = /#(\d+), 해시 ([0-9a-f]{64})/.exec((await page.getByTestId('day-closed').textContent()) ?? '');
    expect(head).not.toBeNull();
    const [, seq, hash] = head!;
    expect(journalHash(host.dataDir, Number(seq))).toBe(hash);

    const report = await printedText(page, testInfo, 'day-end-report');
    expect(report).toContain('영업 마감 보고서');
    expect(report.split('\f').filter((page) => page.trim()).length).toBe(1); // one A4 page, the title with the rest
    expect(report).toContain(`#${seq}`);
    expect(report.replace(/\s+/g, '')).toContain(hash);
    expect(report).toContain('승인 책임자: S0001');
    expect(report).toMatch(/T0001\s+실명확인\s+정상\s+1/);
    expect(report).toContain('실사 3매 / 장부 3매');
    expect(report).not.toMatch(/\d{6}-?\d{7}/); // no full RRN

    await page.keyboard.press('Escape');
    await expect(page.getByTestId('day-closed-home')).toBeVisible();
    await expect(page.getByLabel('성명')).toHaveCount(0);
    expect(await callChannel(page, 'customer.identify', identityCheckBody('hong'))).toMatchObject({ ok: false, error: { code: 'TERMINAL_CLOSED' } });

    // The supervisor reopens it: a reason, then their approval of exactly that reopen.
    await tabTo(page, page.getByLabel('마감 취소 사유'));
    await page.keyboard.type('마감 후 고객 방문');
    await page.keyboard.press('Enter');
    await expect(approvalDialog(page)).toContainText('마감 취소 (사유: 마감 후 고객 방문)');
    await approveByKeyboard(page, SUPERVISOR);
    await expect(page.getByLabel('성명')).toBeVisible();
    await identifyCustomer(page, 'hong');
    await expect(page.getByTestId('customer-page')).toBeVisible();
  });

  test("a branch's day: cards received on a supervisor's approval, one issued to 홍길동, the rest counted, the day closed at the witnessed head", async ({
    consolePage: page,
    host,
  }, testInfo) => {
    await loginByKeyboard(page, TELLER.staffId, TELLER.password);
    await expect(page.getByTestId('welcome')).toBeVisible();
    await page.keyboard.press('F8');
    await expect(page.getByRole('heading', { name: '카드 재고', exact: true })).toBeFocused();
    await tabTo(page, page.getByRole('button', { name: '입고', exact: true }));
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('벤더코드 (3자리)')).toBeFocused();
    for (const [i, value] of ['001', 'DLV-1203', '700000000001', '700000000002'].entries()) {
      if (i > 0) await page.keyboard.press('Tab');
      await page.keyboard.type(value);
    }
    await page.keyboard.press('Enter');
    await approveByKeyboard(page, SUPERVISOR);
    await expect(page.getByTestId('stock-total')).toHaveText('재고 5매');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: '카드 재고 (F8)' })).toBeFocused();
    await tabTo(page, page.getByLabel('신분증 종류'));

    await typeIdentity(page, 'hong');
    await expect(page.getByTestId('customer-page')).toBeVisible();
    await page.keyboard.press('F3');
    const job = page.getByTestId('card-job');
    await expect(job.getByLabel('벤더코드 (3자리)')).toBeFocused();
    await page.keyboard.type('001');
    await page.keyboard.press('Tab');
    await page.keyboard.type('700000000001');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('card-proposal')).toContainText('이 지점 재고 카드입니다. 홍길동 고객에게 발급합니다.');
    await expect(page.getByRole('button', { name: '카드 발급 (Enter)' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('card-job-done')).toContainText('001 · 7000****0001');
    for (let i = 0; i < 3 && !(await page.getByLabel('성명').isVisible()); i++) await page.keyboard.press('Escape');
    await expect(page.getByLabel('성명')).toBeVisible();

    // The issued card left the stock: the count expects the seed's three and the one still received.
    await openDayEnd(page);
    await countSeedStock(page, [...SEED_STOCK, '001/700000000002']);
    await expect(page.getByTestId('day-stock')).toContainText('실사 4매 / 장부 4매, 부족 0매, 초과 0매');
    await expect(page.getByTestId('day-jobs').getByRole('row', { name: /T0001 스마트OTP 카드 발급 정상 1/ })).toBeVisible();
    await expect(page.getByTestId('day-approvals').getByRole('row', { name: /S0001 카드 재고 입고 정상 1/ })).toBeVisible();
    await expect(page.getByRole('button', { name: '책임자 승인 후 마감' })).toBeFocused();
    await page.keyboard.press('Enter');
    await approveByKeyboard(page, SUPERVISOR);
    await expect(page.getByTestId('day-closed')).toBeVisible();
    const [, seq, hash] = /#(\d+), 해시 ([0-9a-f]{64})/.exec((await page.getByTestId('day-closed').textContent()) ?? '') ?? [];
    expect(journalHash(host.dataDir, Number(seq))).toBe(hash);
    const report = await printedText(page, testInfo, 'branch-day-report');
    expect(report).toMatch(/T0001\s+스마트OTP 카드 발급\s+정상\s+1/);
    expect(report).toMatch(/S0001\s+카드 재고 입고\s+정상\s+1/);
    expect(report.replace(/\s+/g, '')).toContain(hash);
  });

  test('a reopen without a reason is refused on screen and nothing is asked of a supervisor', async ({ consolePage: page }) => {
    await loginByKeyboard(page, TELLER.staffId, TELLER.password);
    await openDayEnd(page);
    await countSeedStock(page);
    await expect(page.getByRole('button', { name: '책임자 승인 후 마감' })).toBeFocused();
    await page.keyboard.press('Enter');
    await approveByKeyboard(page, SUPERVISOR);
    await expect(page.getByTestId('day-closed')).toBeVisible();
    await page.keyboard.press('Escape');
    await tabTo(page, page.getByRole('button', { name: '책임자 승인 후 마감 취소' }));
    await page.keyboard.press('Enter');
    await expect(page.getByText('사유를 입력하세요.')).toBeVisible();
    await expect(approvalDialog(page)).toHaveCount(0);
  });

  test('in English: the summary and the closed day read in English', async ({ consolePage: page }) => {
    await loginByKeyboard(page, TELLER.staffId, TELLER.password);
    await page.locator('.language-switch').click();
    await tabTo(page, page.getByRole('button', { name: 'Day-end close', exact: true }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: /^Day-end close \d{4}-\d{2}-\d{2}$/ })).toBeVisible();
    await expect(page.getByTestId('day-stock')).toHaveText(/No stock count today/);
    await expect(page.getByText('Count the card stock before closing the day.')).toBeVisible();
  });
});
