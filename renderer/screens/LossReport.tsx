import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ReportLossOutput } from '../../shared/customer.js';
import type { Device } from '../../issuer-api/schemas.js';
import { errorInfoOf } from '../api/client.js';
import { useApi } from '../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../api/idempotent.js';
import { useI18n, type Translator } from '../i18n/i18n.js';
import { ErrorAlert } from '../components/ErrorAlert.js';

/** How a device is named to a person: kind, phone or card, institution. */
export function describeDevice(t: Translator['t'], device: Device): string {
  const detail = device.maskedMobile ?? (device.vendorCode ? `${device.vendorCode} · ${device.maskedSerial}` : device.deviceId);
  return t('device.describe', { kind: t(`device.kind.${device.kind}`), detail, institution: device.institutionCode });
}

/** The status as the teller says it: a theft is told apart from a loss. */
export function deviceStatusLabel(t: Translator['t'], device: Pick<Device, 'status' | 'lossReason'>): string {
  return t(device.status === 'LOST' && device.lossReason === 'STOLEN' ? 'device.status.STOLEN' : `device.status.${device.status}`);
}

/**
 * Lost or stolen device: reason, an optional note, and a confirmation that names the device in a
 * full sentence. One idempotency key per report, reused on retry, so it is filed once.
 */
export function LossReport(props: {
  customerName: string;
  customerRef: string;
  device: Device;
  onDone: (receipt: ReportLossOutput) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const ids = { heading: useId(), note: useId() };
  const [reason, setReason] = useState<'LOST' | 'STOLEN'>('LOST');
  const [note, setNote] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const report = useIdempotentMutation(
    (_: void, idempotencyKey: string) =>
      api.call('device.reportLoss', {
        customerRef: props.customerRef,
        deviceId: props.device.deviceId,
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
        idempotencyKey,
      }),
    { onSuccess: props.onDone },
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    report.mutate();
  };
  const failure = report.error ? errorInfoOf(report.error) : null;

  return (
    <form className="loss-report" aria-labelledby={ids.heading} onSubmit={submit}>
      <h3 id={ids.heading}>{t('loss.heading')}</h3>
      <fieldset>
        <legend>{t('loss.reason')}</legend>
        {(['LOST', 'STOLEN'] as const).map((value, i) => (
          <label key={value} className="checkbox">
            <input ref={i === 0 ? first : undefined} type="radio" name="reason" value={value} checked={reason === value} onChange={() => setReason(value)} />
            {t(`loss.reason.${value}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={ids.note}>{t('loss.note')}</label>
      <input id={ids.note} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
      <p className="confirm-sentence" data-testid="loss-confirm-sentence">
        {t(`loss.confirm.${reason}`, { name: props.customerName, device: describeDevice(t, props.device) })}
      </p>
      <ErrorAlert error={report.error} unsure="loss.unsure" />
      <div className="buttons">
        <button type="submit" className="danger" disabled={report.isPending}>
          {isOutcomeUnknown(report.error) ? t('loss.retry') : t('loss.submit')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('loss.cancel')}
        </button>
      </div>
    </form>
  );
}
