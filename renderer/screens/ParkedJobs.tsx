import { useState } from 'react';
import { useIssuerNow } from '../api/issuer-clock.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { useFormat, useI18n } from '../i18n/i18n.js';
import { hasExpired, MAX_PARKED, minutesLeft } from './parked.js';
import { Worklist } from './Worklists.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';

/** A parked customer as the home screen lists them: never more than the masked name and the job. */
export interface ParkedEntry {
  id: string;
  maskedName: string;
  /** The job open on their page and its step, when one is. */
  job: string | null;
  step: string | null;
  /** Issuer times (ms): when parked, and when the identity check behind it runs out. */
  parkedAt: number;
  validUntil: number;
}

/**
 * The customers who stepped away, on the home screen above the worklists, with the worklists'
 * keys: arrows move, Enter resumes (the page comes back exactly as left), Delete discards after a
 * confirmation (the job closes: a registration the customer was texted for is cancelled). An entry
 * whose identity check ran out is greyed and says so; it cannot be resumed, only discarded.
 */
export function ParkedJobs(props: {
  entries: ParkedEntry[];
  onResume: (id: string) => void;
  onDiscard: (id: string) => void;
  discardError: unknown;
  /** What the last discard was: said once, for the teller and a screen reader. */
  discarded: ParkedEntry | null;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const now = useIssuerNow();
  const [refused, setRefused] = useState<ParkedEntry | null>(null);
  const [discarding, setDiscarding] = useState<ParkedEntry | null>(null);
  const jobOf = (entry: ParkedEntry) => [entry.job ?? t('park.noJob'), entry.step].filter(Boolean).join(' · ');
  if (props.entries.length === 0 && !props.discarded && props.discardError == null) return null;
  return (
    <section className="parked-jobs worklists" aria-label={t('park.heading', { max: MAX_PARKED })} data-testid="parked-jobs">
      <Worklist
        title={t('park.heading', { max: MAX_PARKED })}
        testId="parked-list"
        items={props.entries}
        error={null}
        empty={t('park.empty')}
        keyOf={(entry) => entry.id}
        canEnter={(entry) => !hasExpired(entry.validUntil, now)}
        enterLabel={t('park.resume')}
        render={(entry) => {
          const expired = hasExpired(entry.validUntil, now);
          return (
            <>
              <span>{entry.maskedName}</span>
              <span>{jobOf(entry)}</span>
              <span>{t('park.since', { time: format.clock(new Date(entry.parkedAt).toISOString()) })}</span>
              <span className={expired ? 'parked-expired' : undefined}>
                {expired ? t('park.expired') : t('park.left', { minutes: minutesLeft(entry.validUntil, now) })}
              </span>
            </>
          );
        }}
        onEnter={(entry) => {
          if (hasExpired(entry.validUntil, now)) setRefused(entry);
          else {
            setRefused(null);
            props.onResume(entry.id);
          }
        }}
        second={{
          key: 'Delete',
          label: t('park.discard'),
          act: (entry) => {
            setRefused(null);
            setDiscarding(entry);
          },
        }}
      />
      {refused && props.entries.some((entry) => entry.id === refused.id) && (
        <p className="warning" role="status" data-testid="parked-refused">
          {t('park.cannotResume', { name: refused.maskedName })}
        </p>
      )}
      <ErrorAlert error={props.discardError} testId="parked-discard-error" />
      {props.discarded && (
        <p role="status" className="hint" data-testid="parked-discarded">
          {t('park.discarded', { name: props.discarded.maskedName, job: jobOf(props.discarded) })}
        </p>
      )}
      {discarding && (
        <DiscardDialog
          name={discarding.maskedName}
          job={jobOf(discarding)}
          onConfirm={() => {
            setDiscarding(null);
            props.onDiscard(discarding.id);
          }}
          onKeep={() => setDiscarding(null)}
        />
      )}
    </section>
  );
}

/** Discarding closes the job for good: the teller confirms, the customer and the job named. */
function DiscardDialog({ name, job, onConfirm, onKeep }: { name: string; job: string; onConfirm: () => void; onKeep: () => void }) {
  const { t } = useI18n();
  return (
    <ConfirmDialog heading={t('park.discard.heading')} confirm={t('park.discard.confirm')} keep={t('park.discard.keep')} onConfirm={onConfirm} onKeep={onKeep} testId="parked-discard-dialog">
      <p>{t('park.discard.text', { name, job })}</p>
    </ConfirmDialog>
  );
}
