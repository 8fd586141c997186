import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import {
  approveByKeyboard,
  askForUnlock,
  callChannel,
  expect,
  expectAccessible,
  identifyCustomer,
  loginByKeyboard,
  pagePrints,
  printedText,
  serveCustomer,
  SUPERVISOR,
  tabTo,
  TELLER,
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

  await reportKimsPhoneLost(page);

  await identifyCustomer(page, 'choi', { issueDate: '2016-09-10' });
  await expect(page.getByText('실명확인 결과가 일치하지 않습니다.', { exact: false })).toBeVisible();
}

/** 김영희 reports her Digital OTP phone lost: the job whose receipt the journal can print again. */
async function reportKimsPhoneLost(page: Page) {
  await identifyCustomer(page, 'kim');
  await page.getByRole('button', { name: /^분실 신고: 디지털OTP/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: '신고 (Enter)' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('loss-receipt')).toBeVisible();
  await page.keyboard.press('Escape');
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

/** Every frame the page sends to main, as text: what left the screen. */
function framesSent(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => frames.push(String(payload))));
  return frames;
}

/** Clears the search field and types `words` into it, as a teller does. */
async function search(page: Page, words: string) {
  const field = page.getByRole('searchbox');
  await tabTo(page, field);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(words);
}

/** Only these jobs are listed, `count` rows in all. */
async function expectOnly(page: Page, job: string, count: number) {
  await expect(rows(page)).toHaveCount(count);
  await expect(rowsOf(page, job)).toHaveCount(count);
}

const count = (page: Page) => page.getByTestId('journal-count');

test("the day's jobs read in words, searched by what the screen shows, filtered; only a slip given is reprinted; Esc closes", async ({
  consolePage: page,
}, testInfo) => {
  const sent = framesSent(page);
  await aFewJobs(page);
  await openJournal(page);

  await expect(count(page)).toHaveText(/^\d+건 중 1–\d+번째$/);
  await expect(rowsOf(page, 'IDENTITY_CHECK', 'OK')).toHaveCount(2);
  await expect(rowsOf(page, 'IDENTITY_CHECK', 'OK').first()).toContainText(KIM);
  await expect(rowsOf(page, 'IDENTITY_CHECK', 'OK').last()).toContainText(CHOI);
  await expect(rowsOf(page, 'IDENTITY_CHECK', 'OK').first()).toContainText('실명확인');
  await expect(rowsOf(page, 'IDENTITY_CHECK', 'OK').first()).toContainText('정상');
  // A result in words, not its code; the code stays in the cell's title for IT.
  const mismatch = rowsOf(page, 'IDENTITY_CHECK', 'MISMATCH');
  await expect(mismatch).toContainText('실명확인 결과가 일치하지 않습니다.');
  await expect(mismatch).not.toContainText('MISMATCH');
  await expect(mismatch).toContainText(CHOI);
  await expect(mismatch).toContainText('T0001');
  await expect(rowsOf(page, 'SUPERVISOR_APPROVAL', 'OK')).toContainText('T0001 / S0001');
  const unlock = rowsOf(page, 'DEVICE_UNLOCK', 'OK');
  await expect(unlock).toContainText('T0001 / S0001');
  await expect(unlock).toContainText(CHOI);
  await expect(unlock).toContainText('dev-choi-digital');
  const loss = rowsOf(page, 'LOSS_REPORT', 'OK');
  await expect(loss).toContainText(KIM);
  await expect(loss).not.toContainText('S0001');
  // The transaction number read to a customer: the business date and the journal seq; the issuer's reference under it.
  const lossSeq = Number(await loss.getAttribute('data-seq'));
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Seoul' }).format(new Date()).replaceAll('-', '');
  const lossNo = `${today}-${String(lossSeq).padStart(6, '0')}`;
  await expect(loss.locator('td').first()).toContainText(lossNo);
  await expect(loss.locator('.journal-ref')).toHaveText(/^loss-/);
  const reportRef = (await loss.locator('.journal-ref').textContent())!;
  await expectNoFullRrn(page);
  // Teller's view: no export.
  await expect(page.getByRole('button', { name: 'CSV 내보내기 (책임자)' })).toHaveCount(0);
  await expectAccessible(page, 'journal, ko');

  // By the words on screen: a job, a result, a full name (searched masked), a transaction number.
  await search(page, '분실');
  await expectOnly(page, 'LOSS_REPORT', 1);
  await search(page, '실명확인');
  await expectOnly(page, 'IDENTITY_CHECK', 3);
  await search(page, '일치하지 않습니다');
  await expect(rows(page)).toHaveCount(1);
  await expect(mismatch).toHaveCount(1);
  await search(page, '최지우');
  await expect(rowsOf(page, 'LOSS_REPORT')).toHaveCount(0);
  await expect(rowsOf(page, 'DEVICE_UNLOCK')).toHaveCount(1);
  for (const row of await rows(page).all()) await expect(row).toContainText(CHOI);
  await search(page, '850615');
  await expect(rowsOf(page, 'DEVICE_UNLOCK')).toHaveCount(0);
  await expect(rowsOf(page, 'LOSS_REPORT')).toHaveCount(1);
  await search(page, lossNo);
  await expectOnly(page, 'LOSS_REPORT', 1);
  await search(page, '');
  await expect(rowsOf(page, 'DEVICE_UNLOCK')).toHaveCount(1);

  // The filters, by keyboard: failures, then approvals.
  const failures = page.getByRole('checkbox', { name: '실패한 업무만' });
  await tabTo(page, failures);
  await page.keyboard.press('Space');
  await expect(rows(page)).toHaveCount(1);
  await expect(mismatch).toHaveCount(1);
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: '책임자 승인 업무만' })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(rows(page)).toHaveCount(2);
  await expect(rowsOf(page, 'SUPERVISOR_APPROVAL')).toHaveCount(1);
  await expect(rowsOf(page, 'DEVICE_UNLOCK')).toHaveCount(1);
  await page.keyboard.press('Space');
  await expect(rowsOf(page, 'IDENTITY_CHECK')).toHaveCount(3);

  // Only a job that gave the customer a slip has one to reprint.
  await expect(page.getByRole('button', { name: /접수증 재출력/ })).toHaveCount(1);
  await expect(rowsOf(page, 'IDENTITY_CHECK').getByRole('button')).toHaveCount(0);
  await expect(unlock.getByRole('button')).toHaveCount(0);
  const reprint = loss.getByRole('button', { name: `거래번호 ${lossNo} 접수증 재출력 (사본)` });
  await tabTo(page, reprint);
  // The page prints the copy itself; it is read back once that print has ended.
  const printed = await pagePrints(page, () => page.keyboard.press('Enter'));
  expect(printed).toHaveLength(1);
  expect(printed[0]).toContain('COPY');
  await expect(rowsOf(page, 'SLIP_REPRINT', 'OK')).toHaveCount(1);
  await expect(reprint).toBeFocused();
  const text = await printedText(page, testInfo, 'journal-copy');
  expect(text).toContain('분실·도난 신고 접수증');
  expect(text).toContain('사본');
  expect(text).toContain('COPY');
  expect(text).toContain('김*희');
  // The same receipt number as the original; the journal keeps no loss-or-theft, so the copy says 신고.
  // The device as the journal's outcome recorded it: masked, as the customer knows it.
  expect(text).toContain(`신고가 접수되었습니다: 010-****-6789. 접수번호 ${lossNo}`);
  expect(text).toContain(`발급기관 참조번호 ${reportRef}`);
  for (const secret of [...FULL_RRNS, '김영희', '최지우']) expect(text).not.toContain(secret);
  // The same receipt as the customer took home: same title and lines, only marked as a copy.
  expect(text).not.toContain('거래 확인증');

  // In English, the words are English ones.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('checkbox', { name: 'Failures only' })).toBeVisible();
  await search(page, 'Loss report');
  await expect(rows(page)).toHaveCount(1);
  await expect(loss).toContainText('Loss report');
  await search(page, 'identity check did not match');
  await expect(rows(page)).toHaveCount(1);
  await expect(mismatch).toContainText('match');
  await expectAccessible(page, 'journal, en');
  await page.getByRole('button', { name: '한국어로 전환' }).click();
  await expect(page.getByRole('checkbox', { name: '실패한 업무만' })).toBeVisible();

  // Esc closes the journal and puts the teller back on the button that opened it.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('journal')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '전자저널' })).toBeFocused();

  // The name the search typed never left the screen in full (the identity check itself sends it, of course).
  const journalCalls = sent.filter((frame) => frame.includes('"channel":"journal.'));
  expect(journalCalls.some((frame) => frame.includes('최*우'))).toBe(true);
  for (const frame of journalCalls) expect(frame).not.toContain('최지우');
});

test('past 500 jobs the journal says how many there are and pages on by keyboard', async ({ consolePage: page }) => {
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  await reportKimsPhoneLost(page);
  // 520 reprints of the receipt, each a journaled job of its own: written through main, as the screen's button does.
  const listed = (await callChannel(page, 'journal.list', { text: 'LOSS_REPORT' })) as { ok: true; value: { jobs: { seq: number }[] } };
  const lossSeq = listed.value.jobs[0]!.seq;
  expect(await callMany(page, 'journal.reprint', { seq: lossSeq }, 520)).toBe(520);

  await openJournal(page);
  const total = Number((await count(page).textContent())!.match(/^(\d+)건/)![1]);
  expect(total).toBeGreaterThan(520);
  await expect(count(page)).toHaveText(`${total}건 중 1–500번째`);
  await expect(rows(page)).toHaveCount(500);
  const next = page.getByRole('button', { name: '다음 500건' });
  await tabTo(page, next);
  await page.keyboard.press('Enter');
  await expect(count(page)).toHaveText(`${total}건 중 501–${total}번째`);
  await expect(rows(page)).toHaveCount(total - 500);
  await expect(rowsOf(page, 'LOSS_REPORT')).toHaveCount(1);
  // The last page: "next" says so and keeps the focus; "previous" goes back.
  await expect(next).toBeFocused();
  await expect(next).toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(count(page)).toHaveText(`${total}건 중 1–500번째`);
  await expect(rowsOf(page, 'LOSS_REPORT')).toHaveCount(0);
  // A search starts again from the first page.
  await page.keyboard.press('Enter');
  await search(page, '분실');
  await expect(count(page)).toHaveText('1건 중 1–1번째');
  await expect(page.getByRole('button', { name: '다음 500건' })).toHaveCount(0);
});

/** Calls a channel `times` times over one socket of the page; returns how many answered OK. */
async function callMany(page: Page, channel: string, input: unknown, times: number): Promise<number> {
  return page.evaluate(
    ({ channel, input, times }) =>
      new Promise<number>((resolve, reject) => {
        const secret = sessionStorage.getItem('console.hostSecret') ?? '';
        const socket = new WebSocket(`ws://${location.host}/rpc?secret=${encodeURIComponent(secret)}`);
        let answered = 0;
        let ok = 0;
        socket.onopen = () => {
          for (let id = 1; id <= times; id++) socket.send(JSON.stringify({ type: 'call', id, channel, input }));
        };
        socket.onerror = () => reject(new Error('browser host socket failed'));
        socket.onmessage = (event) => {
          const reply = JSON.parse(String(event.data)) as { type: string; result?: { ok: boolean } };
          if (reply.type !== 'result') return;
          if (reply.result?.ok) ok++;
          if (++answered === times) {
            socket.close();
            resolve(ok);
          }
        };
      }),
    { channel, input, times },
  );
}

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
    'seq,receiptNo,startedAt,finishedAt,job,terminalId,branchCode,tellerId,supervisorId,customer,device,result,issuerRef,settledAfterRestart,training,feeAmount,feeWaiverReason',
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

