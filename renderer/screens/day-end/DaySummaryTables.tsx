import type { DaySummary } from '../../../shared/day-end.js';
import type { JobName } from '../../../shared/journal.js';
import { useFormat, useI18n } from '../../i18n/i18n.js';
import { feeText, jobText, resultText } from '../journal-words.js';

/**
 * A business day's summary as tables, the same on screen and on the A4 report: jobs per staff
 * member, approvals per supervisor, fees, the jobs whose result is not known, and the stock count.
 */
export function DaySummaryTables({ summary }: { summary: DaySummary }) {
  const translator = useI18n();
  const { t } = translator;
  const format = useFormat();
  const { fees, unsettled, stockCount } = summary;
  return (
    <div className="day-summary">
      <TallyTable
        id="day-jobs"
        title={t('dayEnd.jobs')}
        whoHeading={t('dayEnd.col.staff')}
        rows={summary.jobs.map((row) => ({ ...row, who: row.staffId ?? '—' }))}
      />
      <TallyTable
        id="day-approvals"
        title={t('dayEnd.approvals')}
        whoHeading={t('dayEnd.col.supervisor')}
        rows={summary.approvals.map((row) => ({ ...row, who: row.supervisorId }))}
      />
      <section aria-labelledby="day-fees" data-testid="day-fees">
        <h4 id="day-fees">{t('dayEnd.fees')}</h4>
        <ul>
          {fees.charged.map((row) => (
            <li key={row.job}>{t('dayEnd.feeCharged', { job: jobText(t, row.job), count: row.count, amount: feeText(t, { amount: row.amount, waiverReason: null }) })}</li>
          ))}
          {fees.waived.map((row) => (
            <li key={`${row.job}-${row.waiverReason}`}>
              {t('dayEnd.feeWaived', { job: jobText(t, row.job), count: row.count, waiver: feeText(t, { amount: 0, waiverReason: row.waiverReason }) })}
            </li>
          ))}
          <li>
            <strong>{t('dayEnd.feeTotal', { amount: feeText(t, { amount: fees.total, waiverReason: null }) })}</strong>
          </li>
        </ul>
      </section>
      <section aria-labelledby="day-unsettled" data-testid="day-unsettled">
        <h4 id="day-unsettled">{t('dayEnd.unsettled')}</h4>
        <p>{t('dayEnd.unsettledCount', { count: unsettled.count })}</p>
        {unsettled.jobs.length > 0 && (
          <ul>
            {unsettled.jobs.map((job) => (
              <li key={job.receiptNo}>{`${job.receiptNo} · ${jobText(t, job.job)} · ${resultText(translator, job.result)}`}</li>
            ))}
          </ul>
        )}
        {unsettled.explanation && <p>{t('dayEnd.explanation', { text: unsettled.explanation })}</p>}
      </section>
      <section aria-labelledby="day-stock" data-testid="day-stock">
        <h4 id="day-stock">{t('dayEnd.stockCount')}</h4>
        <p>
          {stockCount
            ? t('dayEnd.stockCounted', { ...stockCount, time: format.clock(stockCount.at), receiptNo: stockCount.receiptNo })
            : t('dayEnd.stockNotCounted')}
        </p>
      </section>
    </div>
  );
}

/** Counts of jobs by who did them (a staff member, or the supervisor who approved), kind and result. */
function TallyTable(props: { id: string; title: string; whoHeading: string; rows: { who: string; job: JobName; result: string; count: number }[] }) {
  const translator = useI18n();
  const { t } = translator;
  const format = useFormat();
  return (
    <section aria-labelledby={props.id}>
      <h4 id={props.id}>{props.title}</h4>
      {props.rows.length === 0 ? (
        <p>{t('dayEnd.none')}</p>
      ) : (
        <table data-testid={props.id}>
          <thead>
            <tr>
              <th scope="col">{props.whoHeading}</th>
              <th scope="col">{t('journal.col.job')}</th>
              <th scope="col">{t('dayEnd.col.result')}</th>
              <th scope="col" className="number">{t('dayEnd.col.count')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr key={`${row.who}-${row.job}-${row.result}`}>
                <td>{row.who}</td>
                <td>{jobText(t, row.job)}</td>
                <td>{resultText(translator, row.result)}</td>
                <td className="number">{format.number(row.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
