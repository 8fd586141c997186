import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { DayEndReopenRequestSchema } from '../../../issuer-api/schemas.js';
import type { DayState } from '../../../shared/day-end.js';
import type { Approval } from '../../../shared/supervisor.js';
import { queryKeys, useApi } from '../../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../../api/idempotent.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useForm } from '../../components/form.js';
import { OverrideDialog } from '../../components/OverrideDialog.js';
import { TextField } from '../../components/TextField.js';
import { useFormat, useI18n } from '../../i18n/i18n.js';

/**
 * The home screen of a closed day: no customer can be served until the next business date, or
 * until a supervisor reopens the day (a reason, then their approval of exactly that reopen).
 */
export function DayClosedPanel({ day }: { day: Extract<DayState, { state: 'CLOSED' }> }) {
  const { t } = useI18n();
  const format = useFormat();
  const api = useApi();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<string | null>(null);
  // The next business date opens the day by itself: the status is asked again now and then.
  useEffect(() => {
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: queryKeys.status }), 60_000);
    return () => clearInterval(timer);
  }, [queryClient]);
  const reopen = useIdempotentMutation(
    ({ reason, approval }: { reason: string; approval: Approval }, idempotencyKey) =>
      api.call('dayEnd.reopen', { reason, approvalToken: approval.approvalToken, idempotencyKey }),
    { onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.status }) },
  );
  const form = useForm({ initial: { reason: '' }, rules: { reason: DayEndReopenRequestSchema.shape.reason }, call: reopen });
  const submit = form.submit(({ reason }) => {
    // Unanswered, the reopen is sent again as it was (same key, same approval): it happens once.
    if (isOutcomeUnknown(reopen.error) && reopen.variables) return reopen.mutate(reopen.variables);
    reopen.reset();
    setAsking(reason);
  });
  return (
    <section className="card day-closed" aria-labelledby="day-closed-home" data-testid="day-closed-home">
      <h2 id="day-closed-home">{t('dayEnd.closedHeading', { date: day.businessDate })}</h2>
      <p role="status">{t('dayEnd.closedHome', { closeRef: day.closeRef, time: format.dateTime(day.closedAt), receiptNo: day.receiptNo })}</p>
      <form onSubmit={submit} noValidate>
        <h3>{t('dayEnd.reopenHeading')}</h3>
        <TextField label="dayEnd.reopenReason" {...form.field('reason')} />
        <ErrorAlert error={reopen.error} id={form.alertId} />
        <div className="buttons">
          <button type="submit" disabled={reopen.isPending}>
            {isOutcomeUnknown(reopen.error) ? t('dayEnd.retry') : t('dayEnd.reopen')}
          </button>
        </div>
      </form>
      {asking !== null && (
        <OverrideDialog
          request={{ action: 'DAY_END_REOPEN', reopen: { reason: asking } }}
          summary={t('dayEnd.reopenFor', { date: day.businessDate, reason: asking })}
          onApproved={(approval) => {
            setAsking(null);
            reopen.mutate({ reason: asking, approval });
          }}
          onCancel={() => setAsking(null)}
        />
      )}
    </section>
  );
}
