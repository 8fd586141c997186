import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { JournalJob } from '../../shared/journal.js';
import type { StaffSession } from '../../shared/staff.js';
import { useApi, useStatus } from '../api/hooks.js';
import { showAndPrintSlip, Slip } from '../components/Slip.js';
import { TextField } from '../components/TextField.js';
import { useI18n, type Translator } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';
import { useFormat } from '../i18n/format.js';
import { ErrorAlert } from '../components/ErrorAlert.js';

const RESULT_LABELS = new Set(['OK', 'PENDING', 'NOT_DONE', 'UNKNOWN']);

/** A result as a person reads it: the plain word for the usual ones, the code itself for a refusal. */
const resultText = (t: Translator['t'], result: string) =>
  RESULT_LABELS.has(result) ? t(`journal.result.${result}` as MessageKey) : result;

/**
 * The terminal's electronic journal: today's jobs at this counter, newest first, searchable by
 * customer, device or result. A slip can be printed again, marked COPY; a supervisor exports the
 * day as CSV for audit.
 */
export function JournalScreen({ session, onClose }: { session: StaffSession; onClose: () => void }) {
  const { t } = useI18n();
  const format = useFormat();
  const api = useApi();
  const terminalId = useStatus().data?.terminal.terminalId ?? '';
  const [text, setText] = useState('');
  const [copy, setCopy] = useState<JournalJob | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const jobs = useQuery({
    queryKey: ['journal', text],
    queryFn: () => api.call('journal.list', { todayOnly: true, text }),
  });
  const reprint = useMutation({
    mutationFn: (seq: number) => api.call('journal.reprint', { seq }),
    onSuccess: (job) => {
      showAndPrintSlip(() => setCopy(job));
      void jobs.refetch();
    },
  });
  const exportCsv = useMutation({
    mutationFn: () => api.call('journal.exportCsv', { todayOnly: true, text }),
    onSuccess: ({ fileName, csv }) => {
      // A download works the same in Electron and in the browser host; the file never passes through main's disk.
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 0);
      void jobs.refetch();
    },
  });
  const failure = jobs.error ?? reprint.error ?? exportCsv.error;

  return (
    <section
      className="card journal"
      aria-labelledby="journal-heading"
      data-testid="journal"
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <h2 id="journal-heading" ref={heading} tabIndex={-1}>
        {t('journal.heading')}
      </h2>
      <p>{t('journal.scope', { terminalId })}</p>
      <div className="journal-tools">
        <div>
          <TextField label="journal.search" hint="journal.searchHint" value={text} onChange={setText} type="search" maxLength={64} />
        </div>
        {session.role === 'SUPERVISOR' && (
          <button type="button" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>
            {t('journal.export')}
          </button>
        )}
        <button type="button" onClick={onClose}>
          {t('home.work')}
        </button>
      </div>
      {exportCsv.data && <p role="status">{t('journal.exported', { fileName: exportCsv.data.fileName })}</p>}
      <ErrorAlert error={failure} />
      <p aria-live="polite">{t('journal.count', { count: jobs.data?.length ?? 0 })}</p>
      {jobs.data?.length === 0 ? (
        <p>{t('journal.empty')}</p>
      ) : (
        <table className="journal-table" data-testid="journal-table">
          <thead>
            <tr>
              <th scope="col">{t('journal.col.seq')}</th>
              <th scope="col">{t('journal.col.time')}</th>
              <th scope="col">{t('journal.col.job')}</th>
              <th scope="col">{t('journal.col.staff')}</th>
              <th scope="col">{t('journal.col.customer')}</th>
              <th scope="col">{t('journal.col.device')}</th>
              <th scope="col">{t('journal.col.result')}</th>
              <th scope="col">{t('journal.col.ref')}</th>
              <th scope="col">{t('journal.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {jobs.data?.map((job) => (
              <tr key={job.seq} data-job={job.job} data-result={job.result}>
                <td>{job.seq}</td>
                <td>{format.time(job.startedAt)}</td>
                <td>{t(`journal.job.${job.job}`)}</td>
                <td>{[job.tellerId, job.supervisorId].filter(Boolean).join(' / ')}</td>
                <td>{job.customer ?? ''}</td>
                <td>{job.device ?? ''}</td>
                <td className={job.result === 'OK' ? '' : 'journal-failed'}>
                  {resultText(t, job.result)}
                  {job.settledAfterRestart ? ` (${t('journal.settled')})` : ''}
                </td>
                <td>{job.issuerRef ?? ''}</td>
                <td>
                  {job.customer && (
                    <button
                      type="button"
                      className="small"
                      aria-label={t('journal.reprintLabel', { seq: job.seq })}
                      onClick={() => reprint.mutate(job.seq)}
                    >
                      {t('journal.reprint')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {copy && (
        <Slip title={`${t('slip.journal.title')} · ${t('slip.copy')}`}>
          <p className="slip-copy">{t('slip.copy')}</p>
          <p>{t('slip.journal.job', { job: t(`journal.job.${copy.job}`), result: resultText(t, copy.result) })}</p>
          <p>{t('slip.journal.customer', { customer: copy.customer ?? '—', device: copy.device ?? '—' })}</p>
          <p>
            {t('slip.journal.ref', {
              ref: copy.issuerRef ?? `#${copy.seq}`,
              teller: copy.tellerId ?? '—',
              supervisor: copy.supervisorId ?? '—',
              time: format.dateTime(copy.startedAt),
            })}
          </p>
        </Slip>
      )}
    </section>
  );
}
