import type { Notified } from '../../../issuer-api/schemas.js';
import { NotifiedLine } from '../../components/Notified.js';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { maskedMobileOf, maskName, OtpSchema } from '../../../issuer-api/domain.js';
import { useApi } from '../../api/hooks.js';
import { useIdempotentMutation } from '../../api/idempotent.js';
import { useFormat, useI18n } from '../../i18n/i18n.js';
import { printSlip, Slip } from '../../components/Slip.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useForm } from '../../components/form.js';
import { CodeField, useAutoFocus } from './parts.js';
import type { Step } from './DigitalOtpWizard.js';

export function AppCodeStep(props: {
  step: Extract<Step, { name: 'appCode' }>;
  customerName: string;
  onNewCode: (code: { appRegistrationCode: string; expiresAt: string }) => void;
  onActivated: (deviceId: string, notified: Notified | undefined) => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const api = useApi();
  const { registrationId } = props.step;
  // The customer types the code into the app: the issuer's status says when it is done.
  const status = useQuery({
    queryKey: ['registration', registrationId],
    queryFn: () => api.call('otp.status', { registrationId }),
    refetchInterval: 1500,
    staleTime: 0,
  });
  const again = useIdempotentMutation((_: void, idempotencyKey) => api.call('otp.issueAppCode', { registrationId, idempotencyKey }), {
    onSuccess: props.onNewCode,
  });
  useEffect(() => {
    if (status.data?.status === 'ACTIVATED' && status.data.deviceId) props.onActivated(status.data.deviceId, status.data.notified);
  }, [status.data, props]);
  const code = props.step.appRegistrationCode;
  const printRef = useAutoFocus<HTMLButtonElement>();
  const expired = status.data?.status === 'EXPIRED';
  return (
    <div className="wizard-step">
      <p>{t('otp.appCodeIntro')}</p>
      <p className="app-code" data-testid="otp-app-code" aria-label={t('otp.appCodeLabel', { code })}>
        {`${code.slice(0, 4)} ${code.slice(4)}`}
      </p>
      <p>{t('otp.appCodeExpires', { time: format.time(props.step.expiresAt) })}</p>
      <p role="status" data-testid="otp-live-status">
        {expired ? t('otp.appCodeExpired') : t('otp.waitingForApp')}
      </p>
      <ErrorAlert error={again.error} />
      <div className="buttons">
        <button type="button" ref={printRef} onClick={printSlip}>
          {t('slip.print')}
        </button>
        <button type="button" onClick={() => again.mutate()} disabled={again.isPending}>
          {t('otp.newAppCode')}
        </button>
      </div>
      <Slip title={t('slip.otp.title')}>
        <p>{t('slip.customer', { name: maskName(props.customerName), mobile: maskedMobileOf(props.step.mobile) })}</p>
        <p className="slip-code">{`${code.slice(0, 4)} ${code.slice(4)}`}</p>
        <p>{t('otp.appCodeExpires', { time: format.dateTime(props.step.expiresAt) })}</p>
        <h2>{t('slip.otp.guide')}</h2>
        <ol>
          {(['1', '2', '3', '4'] as const).map((n) => (
            <li key={n}>{t(`slip.otp.step${n}`)}</li>
          ))}
        </ol>
        <p>{t('slip.otp.warning')}</p>
      </Slip>
    </div>
  );
}

export function FirstOtpStep({ deviceId, notified, onDone }: { deviceId: string; notified: Notified | undefined; onDone: (checked: boolean) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const check = useIdempotentMutation((value: string) => api.call('otp.checkOtp', { deviceId, otp: value }), { onSuccess: () => onDone(true) });
  const form = useForm({ initial: { otp: '' }, rules: { otp: OtpSchema }, call: check, refusals: { OTP_MISMATCH: 'otp' } });
  const submit = form.submit(({ otp }) => check.mutate(otp));
  return (
    <form onSubmit={submit} noValidate className="wizard-step">
      <p role="status" data-testid="otp-activated">
        {t('otp.activated')}
      </p>
      <NotifiedLine notified={notified} />
      <CodeField label="otp.firstOtp" {...form.field('otp')} />
      <ErrorAlert error={check.error} id={form.alertId} />
      <div className="buttons">
        <button type="submit" disabled={check.isPending}>
          {t('otp.checkOtp')}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t('otp.skipCheck')}
        </button>
      </div>
    </form>
  );
}

export function DoneStep({ otpChecked, notified, onClose }: { otpChecked: boolean; notified: Notified | undefined; onClose: () => void }) {
  const { t } = useI18n();
  const ref = useAutoFocus<HTMLButtonElement>();
  return (
    <div className="wizard-step">
      <p className="receipt" role="status" data-testid="otp-done">
        {t(otpChecked ? 'otp.doneChecked' : 'otp.done')}
      </p>
      <NotifiedLine notified={notified} />
      <button ref={ref} type="button" onClick={onClose}>
        {t('otp.finish')}
      </button>
    </div>
  );
}
