import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Customer } from '../../shared/customer.js';
import { maskedMobileOf, maskName, MobileNumberSchema, OtpSchema, SmsCodeSchema } from '../../issuer-api/domain.js';
import { errorInfoOf } from '../api/client.js';
import { useApi } from '../api/hooks.js';
import { useIdempotentMutation } from '../api/idempotent.js';
import { backOutOnEscape } from '../components/escape.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';
import { printSlip, Slip } from '../components/Slip.js';
import { describeDevice } from './LossReport.js';

type Step =
  | { name: 'mobile' }
  | { name: 'sms'; registrationId: string; mobile: string; smsExpiresAt: string; resendsLeft: number }
  | { name: 'appCode'; registrationId: string; mobile: string; appRegistrationCode: string; expiresAt: string }
  | { name: 'activated'; deviceId: string }
  | { name: 'done'; otpChecked: boolean };

/**
 * Digital OTP registration, face to face: mobile number → SMS code the customer shows → 8-digit
 * app registration code → activation seen live → optional first OTP. Esc cancels at any step.
 */
export function DigitalOtpWizard({ customer, identityCheckId, onClose }: { customer: Customer; identityCheckId: string; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [step, setStep] = useState<Step>({ name: 'mobile' });
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const registrationId = step.name === 'sms' || step.name === 'appCode' ? step.registrationId : null;

  const cancel = useIdempotentMutation((id: string, idempotencyKey) => api.call('otp.cancel', { registrationId: id, idempotencyKey }));
  const close = () => {
    if (registrationId) cancel.mutate(registrationId);
    onClose();
  };

  return (
    <section
      className="wizard"
      aria-labelledby="wizard-heading"
      data-testid="otp-wizard"
      onKeyDown={backOutOnEscape(close)}
    >
      <h3 id="wizard-heading">{t('otp.heading')}</h3>
      <ol className="wizard-steps">
        {(['mobile', 'sms', 'appCode', 'activated', 'done'] as const).map((name) => (
          <li key={name} aria-current={step.name === name ? 'step' : undefined}>
            {t(`otp.step.${name}`)}
          </li>
        ))}
      </ol>
      {notice && (
        <p className="error" role="alert">
          {t(notice)}
        </p>
      )}
      {step.name === 'mobile' && (
        <MobileStep
          customer={customer}
          identityCheckId={identityCheckId}
          onSent={(sent, mobile) => {
            setNotice(null);
            setStep({ name: 'sms', registrationId: sent.registrationId, mobile, smsExpiresAt: sent.smsExpiresAt, resendsLeft: sent.resendsLeft });
          }}
        />
      )}
      {step.name === 'sms' && (
        <SmsStep
          step={step}
          onResent={(sent) => setStep({ ...step, smsExpiresAt: sent.smsExpiresAt, resendsLeft: sent.resendsLeft })}
          onCode={(code) => setStep({ name: 'appCode', registrationId: step.registrationId, mobile: step.mobile, ...code })}
          onCancelled={() => {
            setNotice('otp.cancelledByAttempts');
            setStep({ name: 'mobile' });
          }}
        />
      )}
      {step.name === 'appCode' && (
        <AppCodeStep
          step={step}
          customerName={customer.name}
          onNewCode={(code) => setStep({ ...step, ...code })}
          onActivated={(deviceId) => setStep({ name: 'activated', deviceId })}
        />
      )}
      {step.name === 'activated' && <FirstOtpStep deviceId={step.deviceId} onDone={(otpChecked) => setStep({ name: 'done', otpChecked })} />}
      {step.name === 'done' && <DoneStep otpChecked={step.otpChecked} onClose={onClose} />}
      {step.name !== 'done' && (
        <button type="button" onClick={close}>
          {t('otp.cancel')}
        </button>
      )}
    </section>
  );
}

function Failure({ error }: { error: unknown }) {
  const { error: explain } = useI18n();
  return error ? (
    <p className="error" role="alert">
      {explain(errorInfoOf(error))}
    </p>
  ) : null;
}

function useAutoFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

function CodeField(props: { label: MessageKey; value: string; onChange: (v: string) => void; rule: MessageKey | null; big?: boolean; children?: ReactNode }) {
  const { t } = useI18n();
  const id = useId();
  const ref = useAutoFocus<HTMLInputElement>();
  return (
    <>
      <label htmlFor={id}>{t(props.label)}</label>
      <input id={id} ref={ref} inputMode="numeric" autoComplete="one-time-code" className={props.big ? 'code-input' : undefined} value={props.value} aria-invalid={!!props.rule} onChange={(e) => props.onChange(e.target.value)} />
      {props.rule && <p className="field-error">{t(props.rule)}</p>}
    </>
  );
}

function MobileStep(props: { customer: Customer; identityCheckId: string; onSent: (sent: { registrationId: string; smsExpiresAt: string; resendsLeft: number }, mobile: string) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const onRecord = props.customer.mobileNumbers;
  const [choice, setChoice] = useState<string>(onRecord[0] ?? 'typed');
  const [typed, setTyped] = useState('');
  const [rule, setRule] = useState<MessageKey | null>(null);
  const first = useAutoFocus<HTMLInputElement>();
  const typedId = useId();
  const existing = props.customer.devices.filter((d) => d.kind === 'DIGITAL_OTP' && (d.status === 'ACTIVE' || d.status === 'RESTRICTED'));
  const start = useIdempotentMutation(
    (mobileNumber: string, idempotencyKey) =>
      api.call('otp.start', { customerRef: props.customer.customerRef, identityCheckId: props.identityCheckId, mobileNumber, idempotencyKey }),
    { onSuccess: (sent, mobile) => props.onSent(sent, mobile) },
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice !== 'typed') return start.mutate(choice);
    const parsed = MobileNumberSchema.safeParse(typed);
    setRule(parsed.success ? null : 'validation.MOBILE_FORMAT');
    if (parsed.success) start.mutate(parsed.data);
  };
  return (
    <form onSubmit={submit} noValidate className="wizard-step">
      {existing.map((device) => (
        <p key={device.deviceId} className="warning" data-testid="otp-replace-warning">
          {t('otp.willReplace', { device: describeDevice(t, device) })}
        </p>
      ))}
      <fieldset>
        <legend>{t('otp.mobile')}</legend>
        {[...onRecord, 'typed'].map((value, i) => (
          <label key={value} className="checkbox">
            <input ref={i === 0 ? first : undefined} type="radio" name="mobile" value={value} checked={choice === value} onChange={() => setChoice(value)} />
            {value === 'typed' ? t('otp.mobileTyped') : value}
          </label>
        ))}
      </fieldset>
      {choice === 'typed' && (
        <>
          <label htmlFor={typedId}>{t('otp.mobileTypedLabel')}</label>
          <input id={typedId} inputMode="tel" value={typed} aria-invalid={!!rule} onChange={(e) => setTyped(e.target.value)} />
          {rule && <p className="field-error">{t(rule)}</p>}
        </>
      )}
      <Failure error={start.error} />
      <button type="submit" disabled={start.isPending}>
        {t('otp.sendSms')}
      </button>
    </form>
  );
}

/** mm:ss left until `until`, counting down each second; 0:00 once past. */
function useCountdown(until: string): string {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.round((Date.parse(until) - now) / 1000));
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}

function SmsStep(props: {
  step: Extract<Step, { name: 'sms' }>;
  onResent: (sent: { smsExpiresAt: string; resendsLeft: number }) => void;
  onCode: (code: { appRegistrationCode: string; expiresAt: string }) => void;
  onCancelled: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const { registrationId } = props.step;
  const [code, setCode] = useState('');
  const [rule, setRule] = useState<MessageKey | null>(null);
  const left = useCountdown(props.step.smsExpiresAt);
  const issue = useIdempotentMutation((_: void, idempotencyKey) => api.call('otp.issueAppCode', { registrationId, idempotencyKey }), {
    onSuccess: props.onCode,
  });
  const verify = useIdempotentMutation(
    (value: string, idempotencyKey) => api.call('otp.verifySms', { registrationId, code: value, idempotencyKey }),
    { onSuccess: () => issue.mutate() },
  );
  const resend = useIdempotentMutation((_: void, idempotencyKey) => api.call('otp.resendSms', { registrationId, idempotencyKey }), {
    onSuccess: (sent) => {
      setCode('');
      props.onResent(sent);
    },
  });
  useEffect(() => {
    if (verify.error && errorInfoOf(verify.error).code === 'TOO_MANY_ATTEMPTS') props.onCancelled();
  }, [verify.error, props]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = SmsCodeSchema.safeParse(code);
    setRule(parsed.success ? null : 'validation.SMS_CODE_FORMAT');
    if (parsed.success) verify.mutate(parsed.data);
  };
  return (
    <form onSubmit={submit} noValidate className="wizard-step">
      <p role="status" data-testid="otp-sms-sent">
        {t('otp.smsSent', { mobile: props.step.mobile, left, resendsLeft: props.step.resendsLeft })}
      </p>
      <CodeField label="otp.smsCode" value={code} onChange={setCode} rule={rule} big />
      <Failure error={verify.error ?? issue.error ?? resend.error} />
      <div className="buttons">
        <button type="submit" disabled={verify.isPending || issue.isPending}>
          {t('otp.verify')}
        </button>
        <button type="button" disabled={props.step.resendsLeft === 0 || resend.isPending} onClick={() => resend.mutate()}>
          {t('otp.resend')}
        </button>
      </div>
    </form>
  );
}

function AppCodeStep(props: {
  step: Extract<Step, { name: 'appCode' }>;
  customerName: string;
  onNewCode: (code: { appRegistrationCode: string; expiresAt: string }) => void;
  onActivated: (deviceId: string) => void;
}) {
  const { t, locale } = useI18n();
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
    if (status.data?.status === 'ACTIVATED' && status.data.deviceId) props.onActivated(status.data.deviceId);
  }, [status.data, props]);
  const code = props.step.appRegistrationCode;
  const expired = status.data?.status === 'EXPIRED';
  return (
    <div className="wizard-step">
      <p>{t('otp.appCodeIntro')}</p>
      <p className="app-code" data-testid="otp-app-code" aria-label={t('otp.appCodeLabel', { code })}>
        {`${code.slice(0, 4)} ${code.slice(4)}`}
      </p>
      <p>{t('otp.appCodeExpires', { time: new Date(props.step.expiresAt).toLocaleTimeString(locale === 'ko' ? 'ko-KR' : 'en-GB') })}</p>
      <p role="status" data-testid="otp-live-status">
        {expired ? t('otp.appCodeExpired') : t('otp.waitingForApp')}
      </p>
      <Failure error={again.error} />
      <div className="buttons">
        <button type="button" onClick={printSlip}>
          {t('slip.print')}
        </button>
        <button type="button" onClick={() => again.mutate()} disabled={again.isPending}>
          {t('otp.newAppCode')}
        </button>
      </div>
      <Slip title={t('slip.otp.title')}>
        <p>{t('slip.customer', { name: maskName(props.customerName), mobile: maskedMobileOf(props.step.mobile) })}</p>
        <p className="slip-code">{`${code.slice(0, 4)} ${code.slice(4)}`}</p>
        <p>{t('otp.appCodeExpires', { time: new Date(props.step.expiresAt).toLocaleString(locale === 'ko' ? 'ko-KR' : 'en-GB') })}</p>
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

function FirstOtpStep({ deviceId, onDone }: { deviceId: string; onDone: (checked: boolean) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [otp, setOtp] = useState('');
  const [rule, setRule] = useState<MessageKey | null>(null);
  const check = useIdempotentMutation((value: string) => api.call('otp.checkOtp', { deviceId, otp: value }), { onSuccess: () => onDone(true) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = OtpSchema.safeParse(otp);
    setRule(parsed.success ? null : 'validation.OTP_FORMAT');
    if (parsed.success) check.mutate(parsed.data);
  };
  return (
    <form onSubmit={submit} noValidate className="wizard-step">
      <p role="status" data-testid="otp-activated">
        {t('otp.activated')}
      </p>
      <CodeField label="otp.firstOtp" value={otp} onChange={setOtp} rule={rule} />
      <Failure error={check.error} />
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

function DoneStep({ otpChecked, onClose }: { otpChecked: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const ref = useAutoFocus<HTMLButtonElement>();
  return (
    <div className="wizard-step">
      <p className="receipt" role="status" data-testid="otp-done">
        {t(otpChecked ? 'otp.doneChecked' : 'otp.done')}
      </p>
      <button ref={ref} type="button" onClick={onClose}>
        {t('otp.finish')}
      </button>
    </div>
  );
}
