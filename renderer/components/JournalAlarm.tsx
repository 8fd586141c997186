import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { StaffSession } from '../../shared/staff.js';
import { errorInfoOf } from '../api/client.js';
import { queryKeys, useApi, useStatus } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';

/**
 * The journal-integrity alarm on the home screen: what was found, that no job runs, and who may
 * end it. A supervisor's own session acknowledges it (main journals who and which alarm); a teller
 * is told to fetch one. Nothing shows while the journal is in step with the issuer.
 */
export function JournalAlarm({ session }: { session: StaffSession }) {
  const { t, error: explain } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const journal = useStatus().data?.journal;
  const acknowledge = useMutation({
    mutationFn: () => api.call('journal.acknowledgeAlarm', {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.status }),
  });
  if (journal?.state !== 'ALARM' || !journal.reason) return null;

  return (
    <section className="card journal-alarm-card" role="alert" aria-labelledby="journal-alarm-heading" data-testid="journal-alarm">
      <h2 id="journal-alarm-heading">{t('journal.alarm.heading')}</h2>
      <p>{t(`journal.alarm.reason.${journal.reason}`, { anchoredSeq: journal.anchoredSeq ?? 0 })}</p>
      <p>{t('journal.alarm.stopped')}</p>
      {session.role === 'SUPERVISOR' ? (
        <button type="button" onClick={() => acknowledge.mutate()} disabled={acknowledge.isPending}>
          {t('journal.alarm.acknowledge')}
        </button>
      ) : (
        <p className="hint">{t('journal.alarm.askSupervisor')}</p>
      )}
      {acknowledge.error && <p className="error">{explain(errorInfoOf(acknowledge.error))}</p>}
    </section>
  );
}
