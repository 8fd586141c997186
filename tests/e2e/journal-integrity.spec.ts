import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_HOSTS_DIR } from './global-setup.js';
import { expect, expectAccessible, identifyCustomer, loginByKeyboard, serveCustomer, startHost, stopHost, SUPERVISOR, tabTo, test, TELLER, type ConsoleHost } from './fixtures.js';

// A journal cut short between two launches, as a teller and a supervisor meet it: the start output
// names it, the status bar shows it, the teller's job is refused with the reason, and only a
// supervisor's acknowledgement lets work go on. The training sandbox lives in a file beside the
// data folder, so the issuer's anchor survives the restart as a real issuer's would.

let hosts: ConsoleHost[] = [];
test.afterEach(async () => {
  for (const host of hosts.splice(0)) await stopHost(host, { keepData: false });
});

test('a journal cut short is caught at the next start and stops jobs until a supervisor acknowledges it', async ({ page }) => {
  mkdirSync(E2E_HOSTS_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(E2E_HOSTS_DIR, 'console-'));
  const args = ['--sandbox-db', join(dataDir, 'training-issuer.sqlite')];

  // A morning's work; logging out anchors the journal at the issuer.
  const first = await startHost({ dataDir, args });
  await expect.poll(() => first.output()).toMatch(/^journal integrity: OK, 0 entries/m);
  await page.goto(first.url);
  // Five customers: the journal's anchor must stay ahead of what the alarm's own handling writes
  // (its entry, two logins, a logout, the acknowledgement), so that the acknowledged state shows.
  await serveCustomer(page, 'kim');
  await page.keyboard.press('Escape');
  for (const who of ['hong', 'choi', 'kim', 'hong'] as const) {
    await identifyCustomer(page, who);
    await expect(page.getByTestId('customer-page')).toBeVisible();
    await page.keyboard.press('Escape');
  }
  await page.getByRole('button', { name: '로그아웃' }).click();
  await expect(page.getByLabel('직원번호')).toBeVisible();
  await stopHost(first, { keepData: true });

  // Someone with the file cuts the last entries off (past the guards, which only stop mistakes).
  const db = new Database(join(dataDir, 'journal.sqlite'));
  db.exec('DROP TRIGGER entries_no_delete');
  const removed = db.prepare('DELETE FROM entries WHERE seq > 2').run().changes;
  db.close();
  expect(removed).toBeGreaterThan(2);

  const second = await startHost({ dataDir, args });
  hosts.push(second);
  await expect.poll(() => second.output()).toMatch(/^journal integrity: ALARM BEHIND_ANCHOR: the journal ends at entry #2, but the issuer witnessed entry #\d+/m);
  await page.goto(second.url);
  await expect(page.getByTestId('journal-integrity')).toHaveText('전자저널 무결성 경보');

  // The teller may log in, sees why nothing runs, and is refused the job with the reason.
  await loginByKeyboard(page, TELLER.staffId, TELLER.password);
  const alarm = page.getByTestId('journal-alarm');
  await expect(alarm).toContainText(/전자저널에 발급기관이 확인한 \d+번 기록이 없습니다/);
  await expect(alarm).toContainText('책임자가 이 단말기에 로그인하여 경보를 확인하도록 요청하세요.');
  await expect(alarm.getByRole('button')).toHaveCount(0);
  await expectAccessible(page, 'home with the journal alarm');
  await identifyCustomer(page, 'kim');
  await expect(page.getByText('전자저널 무결성 경보가 발생했습니다.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: '로그아웃' }).click();

  // The supervisor acknowledges it from the keyboard; the status bar says so and work goes on.
  await loginByKeyboard(page, SUPERVISOR.staffId, SUPERVISOR.password);
  const acknowledge = alarm.getByRole('button', { name: '경보 확인' });
  await tabTo(page, acknowledge);
  await page.keyboard.press('Enter');
  await expect(alarm).toHaveCount(0);
  await expect(page.getByTestId('journal-integrity')).toHaveText('전자저널 경보 확인됨');
  await identifyCustomer(page, 'kim');
  await expect(page.getByTestId('customer-page')).toContainText('고객: 김영희');

  // The journal screen shows both: the alarm the console raised and who acknowledged it.
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '전자저널' }).click();
  const table = page.getByTestId('journal-table');
  await expect(table.locator('tr[data-job="JOURNAL_ALARM_RAISED"][data-result="BEHIND_ANCHOR"]')).toHaveCount(1);
  await expect(table.locator('tr[data-job="JOURNAL_ALARM_ACKNOWLEDGED"][data-result="OK"]')).toContainText('S0001');
});
