import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import type { ReplaceCardOutput } from '../../shared/customer.js';
import type { Approval, ApprovedRequest } from '../../shared/supervisor.js';
import { FeeAmountTextSchema, maskName, maskSerial } from '../../issuer-api/domain.js';
import type { Device, FeeRequest, ReplacementReason, WaiverReason } from '../../issuer-api/schemas.js';
import { errorInfoOf } from '../api/client.js';
import { useApi } from '../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../api/idempotent.js';
import { CardTapPanel, type ConfirmedCard } from '../components/CardTapPanel.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { LostCardAlert } from '../components/TappedCard.js';
import { useForm } from '../components/form.js';
import { NotifiedLine } from '../components/Notified.js';
import { ApprovalGranted, OverrideDialog } from '../components/OverrideDialog.js';
import { printSlip, ReplacementSlip } from '../components/Slip.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n/i18n.js';
import type { CustomerJobProps } from './CustomerPage.js';
import { describeDevice } from './LossReport.js';
import { RadioGroup } from '../components/RadioGroup.js';

const REASONS: readonly ReplacementReason[] = ['DAMAGED', 'EXPIRED', 'LOST'];
/** The fee choice that is no waiver: the table's amount is charged. */
const NO_WAIVER = 'NONE';
/** Only a damaged card is replaced free for a defect (the issuer also checks it is under a year old). */
const WAIVER_FOR: Record<WaiverReason, readonly ReplacementReason[]> = {
  DEFECT_WITHIN_1_YEAR: ['DAMAGED'],
  SUPERVISOR_DISCRETION: REASONS,
};
const FEE_CODE = 'SMART_OTP_REPLACE';

/**
 * 교체 발급: the customer's card registered here (chosen from their list) is replaced by a card
 * from this branch's stock, tapped or typed. The reason, the fee from the issuer's table or a
 * waiver; a waiver at the supervisor's discretion is approved for this exact request first. The
 * old card stops everywhere; the slip says where the customer registers the new one again.
 */
export function CardReplacement(props: CustomerJobProps & { oldDevice: Device }) {
  const { customer, identityCheckId, oldDevice, onProgress } = props;
  const { t, error: explain } = useI18n();
  const api = useApi();
  const headingId = useId();
  const [reason, setReason] = useState<ReplacementReason>(oldDevice.status === 'LOST' ? 'LOST' : 'DAMAGED');
  const [waiver, setWaiver] = useState<WaiverReason | null>(null);
  const [card, setCard] = useState<ConfirmedCard | null>(null);
  const [asking, setAsking] = useState(false);
  const [approval, setApproval] = useState<Approval | null>(null);
  const [done, setDone] = useState<ReplaceCardOutput | null>(null);
  const fees = useQuery({ queryKey: ['fees.get'], queryFn: () => api.call('fees.get', {}) });
  const tableAmount = fees.data?.items.find((item) => item.code === FEE_CODE)?.amount;
  const lookup = useMutation({
    mutationFn: (tapped: ConfirmedCard) => api.call('card.lookup', { customerRef: customer.customerRef, vendorCode: tapped.vendorCode, serial: tapped.serial }),
  });
  const form = useForm({ initial: { amount: '' }, rules: { amount: FeeAmountTextSchema } });
  // The table's amount, once known, is what the teller takes unless they change it.
  useEffect(() => {
    if (tableAmount !== undefined && form.values.amount === '') form.set('amount', String(tableAmount));
  }, [tableAmount]);
  // A waiver that does not go with the reason chosen is dropped, not sent.
  useEffect(() => {
    if (waiver && !WAIVER_FOR[waiver].includes(reason)) setWaiver(null);
  }, [reason]);

  const fee = (amount: number): FeeRequest => (waiver ? { code: FEE_CODE, amount: 0, waiverReason: waiver } : { code: FEE_CODE, amount });
  const request = (amount: number) =>
    card && { customerRef: customer.customerRef, identityCheckId, oldDeviceId: oldDevice.deviceId, reason, vendorCode: card.vendorCode, serial: card.serial, fee: fee(amount) };
  const replace = useIdempotentMutation(
    ({ amount, approvalToken }: { amount: number; approvalToken?: string }, idempotencyKey) =>
      api.call('card.replace', { ...request(amount)!, ...(approvalToken && { approvalToken }), idempotencyKey }),
    {
      onSuccess: (output) => {
        setDone(output);
        props.onDevicesChanged(output.deviceId);
      },
    },
  );
  const failure = replace.error ? errorInfoOf(replace.error) : null;
  // A spent, expired or mismatched approval is dead: the supervisor approves again.
  const approvalDead = failure?.code === 'APPROVAL_INVALID' || failure?.code === 'APPROVAL_REQUIRED';
  const needsApproval = waiver === 'SUPERVISOR_DISCRETION';
  const live = needsApproval && approval && !approvalDead ? approval : null;
  // Once approved the request is frozen: a change would need a new approval.
  const frozen = live !== null || replace.isPending;

  const step = done ? 'done' : card ? 'confirm' : 'tap';
  useEffect(() => onProgress({ step: `replace.step.${step}`, finished: step === 'done' }), [onProgress, step]);
  // The new card's numbers (or a tap) come first.
  const section = useRef<HTMLElement>(null);
  useEffect(() => section.current?.querySelector('input')?.focus(), []);
  // The new card known, the reason is the next decision; once approved, carrying it out.
  const submitRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (lookup.isSuccess) section.current?.querySelector<HTMLInputElement>('input[name="replace-reason"]:checked')?.focus();
  }, [lookup.isSuccess]);
  useEffect(() => {
    if (live) submitRef.current?.focus();
  }, [live]);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (done) closeRef.current?.focus();
  }, [done]);

  const oldText = describeDevice(t, oldDevice);
  const newText = card ? `${card.vendorCode} · ${maskSerial(card.serial)}` : '';
  const feeText = (amount: number) => (waiver ? t('fee.waived', { reason: t(`waiver.${waiver}`) }) : t('fee.charged', { amount: t('fee.won', { amount: amount }) }));
  // Only a card of this branch's stock can take the old one's place; a lost one is kept, never handed back.
  const newCard = lookup.data;
  const notInStock = newCard && (newCard.status !== 'IN_STOCK' || newCard.issuingInstitutionCode !== newCard.ourInstitutionCode);
  const amountNow = Number(form.values.amount) || 0;
  const summary = t('replace.confirm', { name: customer.name, old: oldText, new: newText, reason: t(`replace.reason.${reason}`), fee: feeText(amountNow) });
  const approvedRequest = (amount: number): ApprovedRequest | null => {
    const r = request(amount);
    if (!r) return null;
    const { oldDeviceId, ...replacement } = r;
    return { action: 'FEE_WAIVER', deviceId: oldDeviceId, replacement };
  };

  const submit = form.submit(({ amount }) => {
    if (!card) return;
    if (needsApproval && !live) {
      replace.reset();
      setAsking(true);
      return;
    }
    replace.mutate({ amount, ...(live && { approvalToken: live.approvalToken }) });
  });

  if (done) {
    return (
      <ReplacementDone customerName={customer.name} mobile={customer.mobileNumbers[0]} done={done} waiver={waiver} closeRef={closeRef} onClose={props.onClose} />
    );
  }

  return (
    <>
      <section className="wizard card-replacement" ref={section} aria-labelledby={headingId} data-testid="card-replacement">
        <h3 id={headingId}>{t('replace.heading')}</h3>
        <p>{t('replace.old', { device: oldText })}</p>
        {/* The new card first, outside the form: the tap panel is a form of its own. */}
        {card && lookup.isSuccess ? (
          <p role="status" data-testid="replace-new-card">
            {t('replace.new', { card: newText, status: t(`cardJob.status.${lookup.data.status}`), institution: lookup.data.issuingInstitutionCode })}{' '}
            {!frozen && (
              <button type="button" className="small" onClick={() => (setCard(null), lookup.reset())}>
                {t('replace.otherCard')}
              </button>
            )}
          </p>
        ) : (
          <CardTapPanel
            labelledBy={headingId}
            onConfirm={(confirmed) => {
              setCard(confirmed);
              lookup.mutate(confirmed);
            }}
          />
        )}
        <ErrorAlert error={lookup.error} />
        {newCard?.status === 'LOST' ? <LostCardAlert /> : notInStock && <ErrorAlert error={null} message={explain({ code: 'CARD_NOT_IN_STOCK' })} />}
        {card && lookup.isSuccess && (
          <form onSubmit={submit} noValidate aria-labelledby={headingId} className="wizard-step">
            <RadioGroup
              legend={t('replace.reason')}
              name="replace-reason"
              options={REASONS}
              value={reason}
              onChange={setReason}
              labelOf={(value) => t(`replace.reason.${value}`)}
              disabled={frozen}
              className="choices"
            />
            <RadioGroup
              legend={tableAmount === undefined ? t('fee.heading') : t('fee.table', { amount: t('fee.won', { amount: tableAmount }) })}
              name="waiver"
              options={[NO_WAIVER, ...(fees.data?.waiverReasons ?? [])]}
              value={waiver ?? NO_WAIVER}
              onChange={(value) => setWaiver(value === NO_WAIVER ? null : value)}
              labelOf={(value) => (value === NO_WAIVER ? t('fee.noWaiver') : t(`fee.waiver.${value}`))}
              isDisabled={(value) => value !== NO_WAIVER && !WAIVER_FOR[value].includes(reason)}
              disabled={frozen}
              className="choices"
            >
              {fees.isError && <ErrorAlert error={fees.error} />}
            </RadioGroup>
            {!waiver && <TextField label="fee.amount" inputMode="numeric" maxLength={8} className="fee-amount" {...form.field('amount')} />}
            <p className="confirm-sentence" data-testid="replace-confirm-sentence">
              {summary}
            </p>
            <ApprovalGranted approval={live} />
            <ErrorAlert error={replace.error} unsure="replace.unsure" />
            <div className="buttons">
              <button type="submit" ref={submitRef} className={needsApproval && !live ? undefined : 'danger'} disabled={!!notInStock || replace.isPending}>
                {isOutcomeUnknown(replace.error) ? t('replace.retry') : needsApproval && !live ? t('fee.askApproval') : t('replace.submit')}
              </button>
              <button type="button" onClick={props.onClose}>
                {t('loss.cancel')}
              </button>
            </div>
          </form>
        )}
        {!(card && lookup.isSuccess) && (
          <button type="button" onClick={props.onClose}>
            {t('loss.cancel')}
          </button>
        )}
      </section>
      {asking && card && (
        <OverrideDialog
          customerRef={customer.customerRef}
          request={approvedRequest(0)!}
          summary={summary}
          onApproved={(granted) => {
            setAsking(false);
            replace.reset();
            setApproval(granted);
          }}
          onCancel={() => setAsking(false)}
        />
      )}
    </>
  );
}

/** What the teller reads out and prints: the new card, the fee, where to register it again, who was texted. */
function ReplacementDone(props: {
  customerName: string;
  mobile: string | undefined;
  done: ReplaceCardOutput;
  /** The waiver the teller chose: the issuer's answer says only whether the fee was waived. */
  waiver: WaiverReason | null;
  closeRef: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { done } = props;
  const feeLine =
    done.fee.waived && props.waiver
      ? t('fee.waived', { reason: t(`waiver.${props.waiver}`) })
      : t('fee.charged', { amount: t('fee.won', { amount: done.fee.amount }) });
  return (
    <section className="wizard" aria-labelledby="replace-done-heading" data-testid="replacement-done">
      <h3 id="replace-done-heading">{t('replace.heading')}</h3>
      <p className="receipt" role="status" data-testid="replacement-receipt">
        {t('replace.done', { new: describeDevice(t, done.device), old: describeDevice(t, done.oldDevice), receiptNo: done.receiptNo })} {feeLine}
      </p>
      <p data-testid="reregister">
        {done.reregisterAt.length > 0 ? t('replace.reregister', { institutions: done.reregisterAt.join(', ') }) : t('replace.reregisterNone')}
      </p>
      <NotifiedLine notified={done.notified} />
      <div className="buttons">
        <button type="button" onClick={printSlip}>
          {t('slip.printReceipt')}
        </button>
        <button type="button" ref={props.closeRef} onClick={props.onClose}>
          {t('otp.finish')}
        </button>
      </div>
      <ReplacementSlip maskedName={maskName(props.customerName)} mobile={props.mobile ?? '—'} done={done} feeLine={feeLine} />
    </section>
  );
}
