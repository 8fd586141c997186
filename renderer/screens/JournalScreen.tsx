import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { customerSlipOf, JOURNAL_PAGE_SIZE, SUCCESS_OR_OPEN, type JournalJob, type JournalQueryInput } from '../../shared/journal.js';
import type { StaffSession } from '../../shared/staff.js';
import { useApi, useStatus } from '../api/hooks.js';
import { LossReceiptSlip, showAndPrintSlip } from '../components/Slip.js';
import { TextField } from '../components/TextField.js';
import { useInPlayRef } from '../components/InPlay.js';
import { useFormat, useI18n } from '../i18n/i18n.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { deviceText, feeText, firstSentence, jobText, journalSearch, resultText } from './journal-words.js';

const failed = (result: string) => !(SUCCESS_OR_OPEN as readonly string[]).includes(result);

/**
 * The terminal's electronic journal as a teller's ledger: today's jobs at this counter, newest
 * first, a page at a time, in words, each with the transaction number read to a customer.
 * Searchable by what the screen shows, filtered to failures or approvals. A customer slip can be
 * printed again, marked COPY; a supervisor exports the day as CSV for audit. Esc closes it.
 */
export function JournalScreen({ session, onClose }: { session: StaffSession; onClose: () => void }) {
  const translator = useI18n();
  const { t } = translator;
  const format = useFormat();
  const api = useApi();
  const terminalId = useStatus().data?.terminal.terminalId ?? '';
  const [text, setText] = useState('');
  const [failedOnly, setFailedOnly] = useState(false);
  const [approvedOnly, setApprovedOnly] = useState(false);
  // The `before` cursor of each page shown so far: the last one is the page on screen.
  const [cursors, setCursors] = useState<number[]>([]);
  const [copy, setCopy] = useState<JournalJob | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const reprintButtons = useRef(new Map<number, HTMLButtonElement>());
  useEffect(() => heading.current?.focus(), []);
  const inPlay = useInPlayRef(); // behind the lock, Esc is not for the journal
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && !event.defaultPrevented && inPlay.current && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const filters: JournalQueryInput = { todayOnly: true, ...journalSearch(translator, text), failedOnly, approvedOnly };
  const before = cursors.at(-1);
  const query: JournalQueryInput = before === undefined ? filters : { ...filters, before };
  // A new search or filter starts again from the newest page.
  const refilter = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setCursors([]);
  };

  const list = useQuery({
    queryKey: ['journal', query],
    queryFn: () => api.call('journal.list', query),
    // The rows stay while the next search runs: the table does not blink at every key.
    placeholderData: keepPreviousData,
  });
  const reprint = useMutation({
    mutationFn: (seq: number) => api.call('journal.reprint', { seq }),
    onSuccess: (job) => {
      showAndPrintSlip(() => setCopy(job));
      // Printing takes the page's focus away; the teller carries on from the row they printed.
      reprintButtons.current.get(job.seq)?.focus();
      void list.refetch();
    },
  });
  const exportCsv = useMutation({
    mutationFn: () => api.call('journal.exportCsv', filters),
    onSuccess: ({ fileName, csv }) => {
      // A download works the same in Electron and in the browser host; the file never passes through main's disk.
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 0);
      void list.refetch();
    },
  });
  const failure = list.error ?? reprint.error ?? exportCsv.error;
  const page = list.data;
  const first = cursors.length * JOURNAL_PAGE_SIZE + 1;

  return (
    <section className="card journal" aria-labelledby="journal-heading" data-testid="journal">
      <div className="journal-header">
        <h2 id="journal-heading" ref={heading} tabIndex={-1}>
          {t('journal.heading')}
        </h2>
        <p>{t('journal.scope', { terminalId })}</p>
        <button type="button" onClick={onClose}>
          {t('journal.close')}
        </button>
      </div>
      <div className="journal-tools">
        <div className="journal-search">
          <TextField
            label="journal.search"
            hint="journal.searchHint"
            value={text}
            onChange={refilter(setText)}
            type="search"
            maxLength={64}
          />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={failedOnly} onChange={(event) => refilter(setFailedOnly)(event.target.checked)} />
          {t('journal.filter.failed')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={approvedOnly} onChange={(event) => refilter(setApprovedOnly)(event.target.checked)} />
          {t('journal.filter.approved')}
        </label>
        {session.role === 'SUPERVISOR' && (
          <button type="button" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>
            {t('journal.export')}
          </button>
        )}
      </div>
      {exportCsv.data && <p role="status">{t('journal.exported', { fileName: exportCsv.data.fileName })}</p>}
      <ErrorAlert error={failure} />
      <p role="status" className="journal-count" data-testid="journal-count">
        {!page
          ? list.isPending && t('journal.loading')
          : page.jobs.length === 0
            ? t('journal.empty')
            : t('journal.showing', { total: page.total ?? page.jobs.length, first, last: first + page.jobs.length - 1 })}
        {page && list.isPlaceholderData && ` · ${t('journal.searching')}`}
      </p>
      {page && page.jobs.length > 0 && (
        <table className="journal-table" data-testid="journal-table" aria-busy={list.isPlaceholderData}>
          <colgroup>
            <col className="col-receipt" />
            <col className="col-time" />
            <col className="col-job" />
            <col className="col-staff" />
            <col className="col-customer" />
            <col className="col-device" />
            <col />
            <col className="col-actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t('journal.col.receipt')}</th>
              <th scope="col">{t('journal.col.time')}</th>
              <th scope="col">{t('journal.col.job')}</th>
              <th scope="col">{t('journal.col.staff')}</th>
              <th scope="col">{t('journal.col.customer')}</th>
              <th scope="col">{t('journal.col.device')}</th>
              <th scope="col">{t('journal.col.resultFee')}</th>
              <th scope="col">{t('journal.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {page.jobs.map((job) => {
              const result = resultText(translator, job.result);
              const fee = job.fee && feeText(t, job.fee);
              return (
                <tr key={job.seq} data-job={job.job} data-result={job.result} data-seq={job.seq}>
                  <td>
                    {job.receiptNo}
                    {job.issuerRef && (
                      <span className="journal-ref" title={t('journal.issuerRef', { ref: job.issuerRef })}>
                        {job.issuerRef}
                      </span>
                    )}
                  </td>
                  <td>{format.time(job.startedAt)}</td>
                  <td title={jobText(t, job.job)}>{jobText(t, job.job)}</td>
                  <td>{[job.tellerId, job.supervisorId].filter(Boolean).join(' / ')}</td>
                  <td title={job.customer ?? undefined}>{job.customer ?? ''}</td>
                  <td title={job.device ?? undefined}>{deviceText(t, job)}</td>
                  <td
                    className={failed(job.result) ? 'journal-result journal-failed' : 'journal-result'}
                    title={[`${result} (${job.result})`, fee].filter(Boolean).join('\n')}
                  >
                    {firstSentence(result)}
                    {job.settledAfterRestart ? ` (${t('journal.settled')})` : ''}
                    {/* Under the result, as the issuer's reference is under the transaction number: the column keeps its width. */}
                    {fee && <span className="journal-fee">{fee}</span>}
                  </td>
                  <td>
                    {customerSlipOf(job) && (
                      <button
                        type="button"
                        className="small"
                        ref={(button) => {
                          if (button) reprintButtons.current.set(job.seq, button);
                          else reprintButtons.current.delete(job.seq);
                        }}
                        aria-label={t('journal.reprintLabel', { receiptNo: job.receiptNo })}
                        onClick={() => reprint.mutate(job.seq)}
                      >
                        {t('journal.reprint')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {page && (cursors.length > 0 || page.next !== null) && (
        <div className="buttons">
          {/* aria-disabled, not disabled: a disabled button drops the focus of the teller who just pressed it. */}
          <button
            type="button"
            aria-disabled={cursors.length === 0}
            onClick={() => cursors.length > 0 && setCursors(cursors.slice(0, -1))}
          >
            {t('journal.page.previous', { size: JOURNAL_PAGE_SIZE })}
          </button>
          <button type="button" aria-disabled={page.next === null} onClick={() => page.next !== null && setCursors([...cursors, page.next])}>
            {t('journal.page.next', { size: JOURNAL_PAGE_SIZE })}
          </button>
        </div>
      )}
      {copy && customerSlipOf(copy) === 'LOSS_RECEIPT' && (
        <LossReceiptSlip
          // The journal stores `<masked name> <masked RRN>`; a masked name has no space inside.
          maskedName={copy.customer?.split(' ')[0] ?? '—'}
          mobile="—"
          device={copy.device ?? '—'}
          receiptNo={copy.receiptNo}
          reportRef={copy.issuerRef ?? '—'}
          reportedAt={copy.finishedAt ?? copy.startedAt}
          copy
        />
      )}
    </section>
  );
}
