import { useEffect, useId, useRef, useState } from 'react';
import type { Customer, TerminateOutput } from '../../shared/customer.js';
import { maskName } from '../../issuer-api/domain.js';
import { TerminationRequestSchema, type Device, type DeviceStatus, type TerminationReason } from '../../issuer-api/schemas.js';
import { errorInfoOf } from '../api/client.js';
import { useApi } from '../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../api/idempotent.js';
import { useFormat, useI18n, type Translator } from '../i18n/i18n.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { NotifiedLine } from '../components/Notified.js';
import { printSlip, TerminationReceiptSlip } from '../components/Slip.js';
import { TextField } from '../components/TextField.js';
import { useForm } from '../components/form.js';
import { describeDevice } from './LossReport.js';
import { RadioGroup } from '../components/RadioGroup.js';

const REASONS = TerminationRequestSchema.shape.reason.options;

/** A registration that still counts elsewhere: the card keeps working there after it ends here. */
const LIVE: readonly DeviceStatus[] = ['PENDING', 'ACTIVE', 'RESTRICTED', 'LOST'];

/**
 * The other institutions where this same card is registered (same vendor, same masked serial).
 * A Digital OTP is one app, so it has none: it ends everywhere.
 */
export function registeredElsewhere(device: Device, devices: readonly Device[]): string[] {
  if (device.kind !== 'SMART_OTP') return [];
  const same = (d: Device) => d.kind === 'SMART_OTP' && d.vendorCode === device.vendorCode && d.maskedSerial === device.maskedSerial;
  return [...new Set(devices.filter((d) => same(d) && d.institutionCode !== device.institutionCode && LIVE.includes(d.status)).map((d) => d.institutionCode))];
}

/** Where the termination reaches, said in one sentence: everywhere for the app, here only for a card. */
export function terminationScope(t: Translator['t'], device: Device, elsewhere: readonly string[]): string {
  if (device.kind === 'DIGITAL_OTP') return t('termination.scope.DIGITAL_OTP');
  return elsewhere.length > 0 ? t('termination.scope.SMART_OTP', { institutions: elsewhere.join(', ') }) : t('termination.scope.SMART_OTP.only');
}

/** A finished termination as the page keeps it: the issuer's answer and where the card lives on. */
export type TerminationDone = TerminateOutput & { reason: TerminationReason; elsewhere: string[] };

/**
 * OTP 해지: the device named, a reason, an optional note, and a sentence saying how far it reaches
 * before the danger button. One idempotency key per termination, reused on a retry whose outcome
 * is unknown, so it is done once.
 */
export function Termination(props: {
  customer: Customer;
  identityCheckId: string;
  device: Device;
  /** The customer's devices now: a card's other registrations are named in the scope sentence. */
  devices: readonly Device[];
  onDone: (done: TerminationDone) => void;
  /** The issuer says the device is no longer as the page shows it (ended elsewhere meanwhile): the list is out of date. */
  onStale: (deviceId: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const headingId = useId();
  const [reason, setReason] = useState<TerminationReason>('CUSTOMER_REQUEST');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const elsewhere = registeredElsewhere(props.device, props.devices);

  const terminate = useIdempotentMutation(
    (note: string, idempotencyKey: string) =>
      api.call('device.terminate', {
        customerRef: props.customer.customerRef,
        deviceId: props.device.deviceId,
        identityCheckId: props.identityCheckId,
        reason,
        ...(note ? { note } : {}),
        idempotencyKey,
      }),
    { onSuccess: (receipt) => props.onDone({ ...receipt, reason, elsewhere }) },
  );
  const form = useForm({ initial: { note: '' }, rules: { note: TerminationRequestSchema.shape.note.unwrap() }, call: terminate });
  // Once per refusal (the page's callback is new at each render).
  const stale = useRef(() => props.onStale(props.device.deviceId));
  stale.current = () => props.onStale(props.device.deviceId);
  useEffect(() => {
    const code = terminate.error ? errorInfoOf(terminate.error).code : null;
    if (code === 'INVALID_DEVICE_STATE' || code === 'DEVICE_REVOKED') stale.current();
  }, [terminate.error]);
  const submit = form.submit(({ note }) => terminate.mutate(note));

  return (
    <form className="danger-job" aria-labelledby={headingId} onSubmit={submit} noValidate data-testid="termination">
      <h3 id={headingId}>{t('termination.heading')}</h3>
      <RadioGroup
        legend={t('termination.reason')}
        name="reason"
        options={REASONS}
        value={reason}
        onChange={setReason}
        labelOf={(value) => t(`termination.reason.${value}`)}
        firstRef={first}
      />
      <TextField label="termination.note" maxLength={200} {...form.field('note')} />
      <p className="confirm-sentence" data-testid="termination-confirm-sentence">
        {t('termination.confirm', { name: props.customer.name, device: describeDevice(t, props.device) })}{' '}
        {terminationScope(t, props.device, elsewhere)}
      </p>
      <ErrorAlert error={terminate.error} unsure="termination.unsure" id={form.alertId} />
      <div className="buttons">
        <button type="submit" className="danger" disabled={terminate.isPending}>
          {isOutcomeUnknown(terminate.error) ? t('termination.retry') : t('termination.submit')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('termination.cancel')}
        </button>
      </div>
    </form>
  );
}

/** What the teller reads out after it: the receipt, who was texted, and the slip to print. */
export function TerminationReceipt({ customer, done }: { customer: Customer; done: TerminationDone }) {
  const { t } = useI18n();
  const format = useFormat();
  const device = describeDevice(t, done.device);
  const scope = terminationScope(t, done.device, done.elsewhere);
  const time = format.dateTime(done.terminatedAt);
  return (
    <>
      <p className="receipt" role="status" data-testid="termination-receipt">
        {t('termination.receipt', { device, receiptNo: done.receiptNo, time })} {scope}
      </p>
      <NotifiedLine notified={done.notified} />
      <button type="button" onClick={printSlip}>
        {t('slip.printReceipt')}
      </button>
      <TerminationReceiptSlip
        maskedName={maskName(customer.name)}
        device={device}
        scope={scope}
        reason={done.reason}
        receiptNo={done.receiptNo}
        terminatedAt={done.terminatedAt}
      />
    </>
  );
}
