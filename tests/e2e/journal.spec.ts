import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import {
  approveByKeyboard,
  askForUnlock,
  expect,
  identifyCustomer,
  loginByKeyboard,
  pagePrints,
  printedText,
  serveCustomer,
  SUPERVISOR,
  test,
} from './fixtures.js';

// These tests count the day's journal rows: each one has a host, and so a journal, of its own.
test.use({ freshHost: true });

/** What must never leave the identity check: 최지우's and 김영희's full RRNs, in either spelling. */
const FULL_RRNS = ['920814-2987655', '9208142987655', '850615-2234565', '8506152234565'];
const CHOI = '최*우 920814-2******';
const KIM = '김*희 850615-2******';

const rows = (page: Page) => page.getByTestId('journal-table').locator('tbody tr');
const rowsOf = (page: Page, job: string, result?: string) =>
  page.getByTestId('journal-table').locator(result ? `tr[data-job="${job}"][data-result="${result}"]` : `tr[data-job="${job}"]`);

/** A morning at the counter: T0001 checks identities, unlocks 최지우's OTP with S0001, reports 김영희's lost, mistypes a date. */
async function aFewJobs(page: Page) {
  await serveCustomer(page, 'choi');
  await askForUnlock(page);
  await approveByKeyboard(page, SUPERVISOR);
  await expect(page.getByRole('button', { name: '제한 해제 실행 (Enter)' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('supervised-done')).toBeVisible();
  await page.keyboard.press('Escape');

  await identifyCustomer(page, 'kim');
  await page.getByRole('button', { name: /^분실 신고: 디지털OTP/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '신고 (Enter)' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('loss-receipt')).toBeVisible();
  await page.keyboard.press('Escape');

  await identifyCustomer(page, 'choi', { issueDate: '2016-09-10' });
  await expect(page.getByText('실명확인 결과가 일치하지 않습니다.', { exact: false })).toBeVisible();
}

async function openJournal(page: Page) {
  await page.getByRole('button', { name: '전자저널' }).click();
  await expect(page.getByRole('heading', { name: '전자저널' })).toBeFocused();
  await expect(rows(page).first()).toBeVisible();
}

async function expectNoFullRrn(page: Page) {
  const html = await page.content();
  for (const rrn of FULL_RRNS) expect(html).not.toContain(rrn);
}

test("the day's jobs are in the journal, masked, searchable and reprinted as a COPY", async ({ consolePage: page }, testInfo) => {
  await aFewJobs(page);
  await openJournal(page);

  await expect(rowsOf(page, 'IDENTITY_CHECK', 'OK')).toHaveCount(2);
  await expect(rowsOf(page, 'IDENTITY_CHECK', 'OK').first()).toContainText(KIM);
  await expect(rowsOf(page, 'IDENTITY_CHECK', 'OK').last()).toContainText(CHOI);
  await expect(rowsOf(page, 'IDENTITY_CHECK', 'MISMATCH')).toContainText(CHOI);
  await expect(rowsOf(page, 'IDENTITY_CHECK', 'MISMATCH')).toContainText('T0001');
  await expect(rowsOf(page, 'SUPERVISOR_APPROVAL', 'OK')).toContainText('T0001 / S0001');
  const unlock = rowsOf(page, 'DEVICE_UNLOCK', 'OK');
  await expect(unlock).toContainText('T0001 / S0001');
  await expect(unlock).toContainText(CHOI);
  await expect(unlock).toContainText('dev-choi-digital');
  await expect(rowsOf(page, 'LOSS_REPORT', 'OK')).toContainText(KIM);
  await expect(rowsOf(page, 'LOSS_REPORT', 'OK')).toContainText('T0001');
  await expect(rowsOf(page, 'LOSS_REPORT', 'OK')).not.toContainText('S0001');
  await expectNoFullRrn(page);
  // Teller's view: no export.
  await expect(page.getByRole('button', { name: 'CSV 내보내기 (책임자)' })).toHaveCount(0);

  // Search by the masked name, then by the birth date part.
  const search = page.getByLabel('검색');
  await search.fill('최*우');
  await expect(rowsOf(page, 'LOSS_REPORT')).toHaveCount(0);
  await expect(rowsOf(page, 'DEVICE_UNLOCK')).toHaveCount(1);
  for (const row of await rows(page).all()) await expect(row).toContainText(CHOI);
  await search.fill('920814');
  await expect(rowsOf(page, 'LOSS_REPORT')).toHaveCount(0);
  await expect(rowsOf(page, 'IDENTITY_CHECK')).toHaveCount(2);
  for (const row of await rows(page).all()) await expect(row).toContainText(CHOI);
  await search.fill('850615');
  await expect(rowsOf(page, 'DEVICE_UNLOCK')).toHaveCount(0);
  await expect(rowsOf(page, 'LOSS_REPORT')).toHaveCount(1);
  await search.fill('');
  await expect(rowsOf(page, 'DEVICE_UNLOCK')).toHaveCount(1);

  // Reprint the unlock's slip: the copy is marked as one and carries masked data only.
  await unlock.getByRole('button', { name: /번 기록의 확인증 재출력 \(사본\)/ }).focus();
  // The page prints the copy itself; it is read back once that print has ended.
  const printed = await pagePrints(page, () => page.keyboard.press('Enter'));
  expect(printed).toHaveLength(1);
  expect(printed[0]).toContain('COPY');
  await expect(rowsOf(page, 'SLIP_REPRINT', 'OK')).toHaveCount(1);
  const text = await printedText(page, testInfo, 'journal-copy');
  expect(text).toContain('거래 확인증');
  expect(text).toContain('사본');
  expect(text).toContain('COPY');
  expect(text).toContain('이용 제한 해제');
  expect(text).toContain(CHOI);
  expect(text).toContain('S0001');
  for (const secret of [...FULL_RRNS, '최지우', '01056789012', '010-5678-9012']) expect(text).not.toContain(secret);
});

test('a supervisor exports the day as CSV (UTF-8 with BOM, masked); the journal chain is intact', async ({ consolePage: page }) => {
  await aFewJobs(page);
  await openJournal(page);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '로그아웃' }).click();
  await loginByKeyboard(page, SUPERVISOR.staffId, SUPERVISOR.password);
  await openJournal(page);
  await expectNoFullRrn(page);

  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'CSV 내보내기 (책임자)' }).focus();
  await page.keyboard.press('Enter');
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/^journal-T-TRAINING-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(page.getByText(`${download.suggestedFilename()} 파일로 내보냈습니다.`)).toBeVisible();

  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8').slice(1);
  const lines = csv.split('\r\n').filter(Boolean);
  expect(lines[0]).toBe(
    'seq,startedAt,finishedAt,job,terminalId,branchCode,tellerId,supervisorId,customer,device,result,issuerRef,settledAfterRestart,training',
  );
  const body = lines.slice(1);
  expect(body.some((line) => line.includes(',DEVICE_UNLOCK,') && line.includes(',T0001,S0001,') && line.includes(CHOI))).toBe(true);
  expect(body.some((line) => line.includes(',LOSS_REPORT,') && line.includes(KIM))).toBe(true);
  expect(body.some((line) => line.includes(',IDENTITY_CHECK,') && line.includes(',MISMATCH,'))).toBe(true);
  for (const rrn of FULL_RRNS) expect(csv).not.toContain(rrn);
  // The export is a job of its own.
  await expect(rowsOf(page, 'JOURNAL_EXPORT', 'OK')).toContainText('S0001');
  // The chain itself is verified by the fixture once the host has stopped.
});

