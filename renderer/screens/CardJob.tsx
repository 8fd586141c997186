import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { proposeCardAction } from '../../shared/card.js';
import type { ChannelOutput } from '../../shared/contract.js';
import { NotifiedLine } from '../components/Notified.js';
import { useApi } from '../api/hooks.js';
import { useIdempotentMutation } from '../api/idempotent.js';
import { CardTapPanel, type ConfirmedCard } from '../components/CardTapPanel.js';
import { LostCardAlert } from '../components/TappedCard.js';
import { useI18n } from '../i18n/i18n.js';
import { describeDevice } from './LossReport.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import type { CustomerJobProps } from './CustomerPage.js';

/**
 * Smart OTP card: tap it (or type its numbers), look it up, then issue it from this branch's
 * stock or register a card from another institution, as its state calls for; every refusal named.
 */
export function CardJob(props: CustomerJobProps & { tapped?: ConfirmedCard }) {
  const { customer, identityCheckId, onProgress, onClose } = props;
  const { t, error: explain } = useI18n();
  const api = useApi();
  const [card, setCard] = useState<ConfirmedCard | null>(props.tapped ?? null);
  const [enrolled, setEnrolled] = useState<ChannelOutput<'card.enroll'> | null>(null);
  const lookup = useMutation({
    mutationFn: (confirmed: ConfirmedCard) =>
      api.call('card.lookup', { customerRef: customer.customerRef, vendorCode: confirmed.vendorCode, serial: confirmed.serial }),
  });
  const proposal = lookup.data ? proposeCardAction(lookup.data, lookup.data.ourInstitutionCode) : null;
  const enroll = useIdempotentMutation(
    (action: 'ISSUE' | 'REGISTER', idempotencyKey) =>
      api.call('card.enroll', { customerRef: customer.customerRef, identityCheckId, vendorCode: card!.vendorCode, serial: card!.serial, action, idempotencyKey }),
    {
      onSuccess: (device) => {
        setEnrolled(device);
        props.onDevicesChanged(device.deviceId);
      },
    },
  );
  const step = enrolled ? 'done' : proposal ? 'proposal' : 'tap';
  useEffect(() => onProgress({ step: `cardJob.step.${step}`, finished: step === 'done' }), [onProgress, step]);
  // The next action: the card's numbers first (or a tap); once issued, or refused, closing.
  const section = useRef<HTMLElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // A card tapped before the customer was identified is looked up at once; else the tap or its numbers come first.
    if (props.tapped) lookup.mutate(props.tapped);
    else section.current?.querySelector('input')?.focus();
    // Once, as the job opens.
  }, []);
  const refused = proposal?.kind === 'REFUSED';
  useEffect(() => {
    if (enrolled || refused) closeRef.current?.focus();
  }, [enrolled, refused]);

  return (
    <section className="wizard" ref={section} aria-labelledby="card-job-heading" data-testid="card-job">
      <h3 id="card-job-heading">{t('cardJob.heading')}</h3>
      {!enrolled && (
        <CardTapPanel
          labelledBy="card-job-heading"
          onConfirm={(confirmed) => {
            setCard(confirmed);
            lookup.mutate(confirmed);
          }}
        />
      )}
      <ErrorAlert error={lookup.error} />
      {card && lookup.data && proposal && !enrolled && (
        <div className="wizard-step" data-testid="card-proposal">
          <p role="status">
            {t('cardJob.state', {
              vendorCode: card.vendorCode,
              serial: card.serial,
              status: t(`cardJob.status.${lookup.data.status}`),
              institution: lookup.data.issuingInstitutionCode,
            })}
          </p>
          {lookup.data.status === 'LOST' ? (
            <LostCardAlert />
          ) : proposal.kind === 'REFUSED' ? (
            <ErrorAlert error={null} message={explain({ code: proposal.code })} />
          ) : (
            <>
              <p>{t(`cardJob.propose.${proposal.kind}`, { name: customer.name })}</p>
              <ErrorAlert error={enroll.error} unsure="loss.unsure" />
              <button type="button" autoFocus disabled={enroll.isPending} onClick={() => enroll.mutate(proposal.kind as 'ISSUE' | 'REGISTER')}>
                {t(`cardJob.do.${proposal.kind}`)}
              </button>
            </>
          )}
        </div>
      )}
      {enrolled && (
        <p className="receipt" role="status" data-testid="card-job-done">
          {t('cardJob.done', { device: describeDevice(t, enrolled) })}
          {enrolled.fee && ` ${t('fee.charged', { amount: t('fee.won', { amount: enrolled.fee.amount }) })}`}
        </p>
      )}
      {enrolled && <NotifiedLine notified={enrolled.notified} />}
      <button type="button" ref={closeRef} onClick={onClose}>
        {t(enrolled ? 'otp.finish' : 'cardJob.close')}
      </button>
    </section>
  );
}
