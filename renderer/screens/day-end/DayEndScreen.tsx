import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { DayEndResponse } from '../../../issuer-api/schemas.js';
import { UnsettledExplanationSchema } from '../../../shared/day-end.js';
import type { ChannelOutput } from '../../../shared/contract.js';
import type { Approval } from '../../../shared/supervisor.js';
import { queryKeys, useApi } from '../../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../../api/idempotent.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useForm } from '../../components/form.js';
import { OverrideDialog } from '../../components/OverrideDialog.js';
import { printSlip, Slip } from '../../components/Slip.js';
import { TextField } from '../../components/TextField.js';
import { useInPlayRef } from '../../components/InPlay.js';
import { useFormat, useI18n } from '../../i18n/i18n.js';
import { StockCount } from '../stock/StockCount.js';
import { DaySummaryTables } from './DaySummaryTables.js';

type Prepared = ChannelOutput<'dayEnd.prepare'>;
interface Closed extends DayEndResponse {
  prepared: Prepared;
  supervisorId: string;
}

/**
 * 마감: the day's summary from the journal, the stock count, then a supervisor's approval of the
 * close at the journal's head as the issuer witnessed it, and the A4 report with that head's seq
 * and hash. Jobs whose result is not known must be explained first. Esc closes it (not while the
 * supervisor's dialog is open: that Esc is the dialog's).
 */
/** `parked`: customers parked at the counter, whose jobs a closed day would strand. */
export function DayEndScreen({ onClose, parked }: { onClose: () => void; parked: number }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const [counting, setCounting] = useState(false);
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const [closed, setClosed] = useState<Closed | null>(null);
  const summary = useQuery({ queryKey: ['dayEnd.summary'], queryFn: () => api.call('dayEnd.summary', {}) });
  // The explanation is asked for (and checked) only when the day has jobs whose result is not known.
  const needsExplanation = (summary.data?.unsettled.count ?? 0) > 0;
  const form = useForm({ initial: { explanation: '' }, rules: needsExplanation ? { explanation: UnsettledExplanationSchema } : {} });
  const prepare = useMutation({
    mutationFn: (unsettledExplanation: string | null) => api.call('dayEnd.prepare', unsettledExplanation ? { unsettledExplanation } : {}),
    onSuccess: setPrepared,
  });
  const close = useIdempotentMutation(
    ({ approval, request }: { approval: Approval; request: Prepared }, idempotencyKey) =>
      api.call('dayEnd.close', { close: request, approvalToken: approval.approvalToken, idempotencyKey }),
    {
      onSuccess: (answer, { approval, request }) => {
        setClosed({ ...answer, prepared: request, supervisorId: approval.supervisorId });
        void queryClient.invalidateQueries({ queryKey: queryKeys.status });
      },
    },
  );
  const day = summary.data;
  const notCounted = day !== undefined && day.stockCount === null;
  // The focus goes to what is next: the count, the explanation, the close; once closed, the report.
  const heading = useRef<HTMLHeadingElement>(null);
  const countButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const explanationInput = form.field('explanation').inputRef;
  useEffect(() => {
    if (closed) heading.current?.focus();
    else if (counting || !day) return;
    else if (notCounted) countButton.current?.focus();
    else if (needsExplanation) explanationInput.current?.focus();
    else closeButton.current?.focus();
  }, [closed, counting, day === undefined, day?.stockCount?.countId]);
  const inPlay = useInPlayRef(); // behind the lock, Esc is not for the day-end
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && !event.defaultPrevented && inPlay.current && !prepared && !counting && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, prepared, counting]);

  if (closed) return <DayClosedReport closed={closed} headingRef={heading} onClose={onClose} />;
  if (counting) return <StockCount onCounted={() => void summary.refetch()} onClose={() => setCounting(false)} />;

  const submit = form.submit(({ explanation }) => {
    if (notCounted || parked > 0) return;
    // Unanswered, the close is sent again as it was (same key, same approval): it happens once.
    if (isOutcomeUnknown(close.error) && close.variables) return close.mutate(close.variables);
    close.reset();
    prepare.mutate(needsExplanation ? explanation : null);
  });
  const sentence = prepared && t('dayEnd.approvalFor', { date: prepared.businessDate, seq: prepared.journalSeq });

  return (
    <section className="card day-end" aria-labelledby="day-end-heading" data-testid="day-end">
      <h2 id="day-end-heading" ref={heading} tabIndex={-1}>
        {t('dayEnd.heading', { date: day?.businessDate ?? '' })}
      </h2>
      <ErrorAlert error={summary.error} />
      {day && <DaySummaryTables summary={day} />}
      {day && (
        <form onSubmit={submit} noValidate>
          {needsExplanation && <TextField label="dayEnd.explanationLabel" {...form.field('explanation')} />}
          {notCounted && <p className="hint">{t('dayEnd.countFirst')}</p>}
          {parked > 0 && <p className="warning" data-testid="day-parked">{t('dayEnd.parkedFirst', { count: parked })}</p>}
          <ErrorAlert error={prepare.error ?? close.error} id={form.alertId} />
          <div className="buttons">
            <button type="button" onClick={() => setCounting(true)} ref={countButton}>
              {notCounted ? t('dayEnd.count') : t('dayEnd.recount')}
            </button>
            <button type="submit" className="danger" disabled={notCounted || parked > 0 || prepare.isPending || close.isPending} ref={closeButton}>
              {isOutcomeUnknown(close.error) ? t('dayEnd.retry') : t('dayEnd.askApproval')}
            </button>
            <button type="button" onClick={onClose}>
              {t('dayEnd.back')}
            </button>
          </div>
        </form>
      )}
      {prepared && sentence && (
        <OverrideDialog
          request={{ action: 'DAY_END_CLOSE', close: prepared }}
          summary={sentence}
          onApproved={(approval) => {
            setPrepared(null);
            close.mutate({ approval, request: prepared });
          }}
          onCancel={() => setPrepared(null)}
        />
      )}
    </section>
  );
}

/** The close as done: the issuer's reference, the witnessed head, and the A4 report to print. */
function DayClosedReport({ closed, headingRef, onClose }: { closed: Closed; headingRef: React.RefObject<HTMLHeadingElement | null>; onClose: () => void }) {
  const { t } = useI18n();
  const format = useFormat();
  const { prepared } = closed;
  const facts = { date: prepared.businessDate, closeRef: closed.closeRef, time: format.dateTime(closed.closedAt), seq: prepared.journalSeq };
  return (
    <section className="card day-end" aria-labelledby="day-closed-heading" data-testid="day-closed">
      <h2 id="day-closed-heading" ref={headingRef} tabIndex={-1}>
        {t('dayEnd.closedHeading', { date: prepared.businessDate })}
      </h2>
      <p role="status" className="receipt">
        {t('dayEnd.closed', facts)}
      </p>
      <p className="hint">{t('dayEnd.head', { seq: prepared.journalSeq, hash: prepared.headHash })}</p>
      <div className="buttons">
        <button type="button" onClick={printSlip} autoFocus>
          {t('dayEnd.printReport')}
        </button>
        <button type="button" onClick={onClose}>
          {t('journal.close')}
        </button>
      </div>
      <Slip title={t('dayEnd.reportTitle', { date: prepared.businessDate })}>
        <div className="day-report">
          <p>{t('dayEnd.closed', facts)}</p>
          <p>{t('dayEnd.reportApproved', { supervisorId: closed.supervisorId })}</p>
          <p className="hash">{t('dayEnd.head', { seq: prepared.journalSeq, hash: prepared.headHash })}</p>
          <DaySummaryTables summary={prepared.summary} />
        </div>
      </Slip>
    </section>
  );
}
