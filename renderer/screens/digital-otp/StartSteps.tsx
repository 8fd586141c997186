import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Customer } from '../../../shared/customer.js';
import { MobileNumberSchema, SmsCodeSchema } from '../../../issuer-api/domain.js';
import { errorInfoOf } from '../../api/client.js';
import { useApi } from '../../api/hooks.js';
import { useIdempotentMutation } from '../../api/idempotent.js';
import { useTimeLeft } from '../../api/issuer-clock.js';
import { useFormat, useI18n } from '../../i18n/i18n.js';
import { describeDevice } from '../LossReport.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { TextField } from '../../components/TextField.js';
import { useForm } from '../../components/form.js';
import { CodeField, useAutoFocus } from './parts.js';
import type { Step } from './DigitalOtpWizard.js';
import { RadioGroup } from '../../components/RadioGroup.js';

export function MobileStep(props: {
  customer: Customer;
  identityCheckId: string;
  /** Why the wizard is back at this step (a registration the issuer cancelled), said in its alert. */
  notice: string | null;
  /** A number on record (masked) to start on: the one just added or changed at this visit. */
  preselect?: string | undefined;
  onSent: (sent: { registrationId: string; smsExpiresAt: string; resendsLeft: number }, mobile: string) => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const onRecord = props.customer.mobileNumbers;
  const [choice, setChoice] = useState<string>(props.preselect && onRecord.includes(props.preselect) ? props.preselect : (onRecord[0] ?? 'typed'));
  const first = useAutoFocus<HTMLInputElement>();
  const existing = props.customer.devices.filter((d) => d.kind === 'DIGITAL_OTP' && (d.status === 'ACTIVE' || d.status === 'RESTRICTED'));
  const start = useIdempotentMutation(
    (mobileNumber: string, idempotencyKey) =>
      api.call('otp.start', { customerRef: props.customer.customerRef, identityCheckId: props.identityCheckId, mobileNumber, idempotencyKey }),
    { onSuccess: (sent, mobile) => props.onSent(sent, mobile) },
  );
  // A number on record is the issuer's to check; a typed one is checked here first.
  const form = useForm({
    initial: { typed: '' },
    rules: choice === 'typed' ? { typed: MobileNumberSchema } : {},
    call: start,
    refusals: { MOBILE_NOT_ON_RECORD: 'typed' },
  });
  const submit = form.submit(({ typed }) => start.mutate(choice === 'typed' ? typed : choice));
  return (
    <form onSubmit={submit} noValidate className="wizard-step">
      {existing.map((device) => (
        <p key={device.deviceId} className="warning" data-testid="otp-replace-warning">
          {t('otp.willReplace', { device: describeDevice(t, device) })}
        </p>
      ))}
      <RadioGroup
        legend={t('otp.mobile')}
        name="mobile"
        options={[...onRecord, 'typed']}
        value={choice}
        onChange={setChoice}
        labelOf={(value) => (value === 'typed' ? t('otp.mobileTyped') : value)}
        firstRef={first}
      />
      {choice === 'typed' && <TextField label="otp.mobileTypedLabel" inputMode="tel" {...form.field('typed')} />}
      <ErrorAlert error={start.error} message={props.notice} id={form.alertId} />
      <button type="submit" disabled={start.isPending}>
        {t('otp.sendSms')}
      </button>
    </form>
  );
}

export function SmsStep(props: {
  step: Extract<Step, { name: 'sms' }>;
  onResent: (sent: { smsExpiresAt: string; resendsLeft: number }) => void;
  onCode: (code: { appRegistrationCode: string; expiresAt: string }) => void;
  onCancelled: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const { registrationId } = props.step;
  const left = useFormat().countdown(useTimeLeft(props.step.smsExpiresAt));
  const issue = useIdempotentMutation((_: void, idempotencyKey) => api.call('otp.issueAppCode', { registrationId, idempotencyKey }), {
    onSuccess: props.onCode,
  });
  const verify = useIdempotentMutation(
    (value: string, idempotencyKey) => api.call('otp.verifySms', { registrationId, code: value, idempotencyKey }),
    { onSuccess: () => issue.mutate() },
  );
  // The code's own rule, and the issuer's refusal of it shown on it.
  const form = useForm({ initial: { code: '' }, rules: { code: SmsCodeSchema }, call: verify, refusals: { SMS_CODE_MISMATCH: 'code' } });
  // A new code makes the last one's refusal stale: resending empties the field and the alert.
  const resend = useIdempotentMutation((_: void, idempotencyKey) => api.call('otp.resendSms', { registrationId, idempotencyKey }), {
    onSuccess: (sent) => {
      form.reset();
      props.onResent(sent);
    },
  });
  useEffect(() => {
    if (verify.error && errorInfoOf(verify.error).code === 'TOO_MANY_ATTEMPTS') props.onCancelled();
  }, [verify.error, props]);

  // The code was accepted but the app code did not come: only its issuing is tried again (the
  // issuer would refuse the used SMS code), with the same key when its outcome is unknown.
  const verified = verify.isSuccess;
  const submitButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (issue.error) submitButton.current?.focus();
  }, [issue.error]);
  const checkAndVerify = form.submit(({ code }) => verify.mutate(code));
  const submit = (event: FormEvent) => {
    if (!verified) return checkAndVerify(event);
    event.preventDefault();
    issue.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="wizard-step">
      <p role="status" data-testid="otp-sms-sent">
        {t('otp.smsSent', { mobile: props.step.mobile, left, resendsLeft: props.step.resendsLeft })}
      </p>
      <CodeField key={props.step.smsExpiresAt} label="otp.smsCode" {...form.field('code')} big readOnly={verified} />
      <ErrorAlert error={verify.error ?? issue.error ?? resend.error} id={form.alertId} />
      <div className="buttons">
        <button type="submit" ref={submitButton} disabled={verify.isPending || issue.isPending}>
          {t(verified ? 'otp.issueAgain' : 'otp.verify')}
        </button>
        <button type="button" disabled={verified || props.step.resendsLeft === 0 || resend.isPending} onClick={() => resend.mutate()}>
          {t('otp.resend')}
        </button>
      </div>
    </form>
  );
}

