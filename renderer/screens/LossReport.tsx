import { useEffect, useId, useRef, useState } from 'react';
import type { ReportLossOutput } from '../../shared/customer.js';
import { LossReportRequestSchema, type Device } from '../../issuer-api/schemas.js';
import { useApi } from '../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../api/idempotent.js';
import { useI18n, type Translator } from '../i18n/i18n.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { TextField } from '../components/TextField.js';
import { useForm } from '../components/form.js';
import { RadioGroup } from '../components/RadioGroup.js';

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
  const headingId = useId();
  const [reason, setReason] = useState<'LOST' | 'STOLEN'>('LOST');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const report = useIdempotentMutation(
    (note: string, idempotencyKey: string) =>
      api.call('device.reportLoss', {
        customerRef: props.customerRef,
        deviceId: props.device.deviceId,
        reason,
        ...(note ? { note } : {}),
        idempotencyKey,
      }),
    { onSuccess: props.onDone },
  );
  const form = useForm({ initial: { note: '' }, rules: { note: LossReportRequestSchema.shape.note.unwrap() } });
  const submit = form.submit(({ note }) => report.mutate(note));

  return (
    <form className="loss-report" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h3 id={headingId}>{t('loss.heading')}</h3>
      <RadioGroup
        legend={t('loss.reason')}
        name="reason"
        options={['LOST', 'STOLEN'] as const}
        value={reason}
        onChange={setReason}
        labelOf={(value) => t(`loss.reason.${value}`)}
        firstRef={first}
      />
      <TextField label="loss.note" maxLength={200} {...form.field('note')} />
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
