import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { AppRegistrationCodeSchema, OTP_STEP_SECONDS, OtpSchema } from '../../issuer-api/domain.js';
import { useApi } from '../api/hooks.js';
import { useIssuerNow, useSandboxClockMoved, useTimeLeft } from '../api/issuer-clock.js';
import { phoneQueryKey, usePhoneJob, type PhoneJob } from './phone-job.js';
import { useFormat, useI18n, validationKey } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';
import { backOutOnEscape } from './escape.js';
import { TextField } from './TextField.js';
import { ErrorAlert } from './ErrorAlert.js';

/**
 * Training mode's stand-in for the customer's phone, the phone of the Digital OTP registration
 * under way: its SMS inbox, the Digital OTP app (activate with the app registration code, then the
 * device's current OTP; enter a wrong one) and the sandbox clock, on which every countdown runs.
 * Every call goes to the in-process sandbox through the same contract as the rest.
 */
export function TrainingPanel({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  // The phone is the customer's of the job under way: nothing to type, nothing left of the one before.
  const job = usePhoneJob();
  return (
    <aside className="training-panel card" aria-labelledby="training-panel-heading" onKeyDown={backOutOnEscape(onClose)}>
      <div className="panel-header">
        <h2 id="training-panel-heading">{t('training.heading')}</h2>
        <button type="button" onClick={onClose}>
          {t('training.close')}
        </button>
      </div>
      <p className="hint">{t('training.hint')}</p>
      {job ? (
        <>
          <SmsInbox job={job} />
          {job.deviceId ? <OtpApp job={job} deviceId={job.deviceId} /> : <AppActivation expiresAt={job.appCodeExpiresAt} />}
        </>
      ) : (
        <p className="panel-section" data-testid="training-no-job">
          {t('training.noJob')}
        </p>
      )}
      <SandboxClock />
      <TrainingReset />
    </aside>
  );
}

/** What a field needs of a shared schema: parse a typed string, or name the rule it broke. */
interface FieldSchema {
  safeParse(value: string): { success: true; data: string } | { success: false; error: { issues: Array<{ message: string }> } };
}

/** A field validated by a shared schema, with its translated rule on failure. */
function useField(schema: FieldSchema) {
  const [value, setValue] = useState('');
  const [rule, setRule] = useState<MessageKey | null>(null);
  const validate = (): string | null => {
    const parsed = schema.safeParse(value);
    setRule(parsed.success ? null : validationKey(parsed.error.issues[0]?.message));
    return parsed.success ? parsed.data : null;
  };
  /** A form's submit handler: the value goes on only when the schema accepts it. */
  const onSubmit = (act: (valid: string) => void) => (e: FormEvent) => {
    e.preventDefault();
    const valid = validate();
    if (valid) act(valid);
  };
  return { value, setValue, rule, onSubmit };
}

function Section({ title, children, onSubmit }: { title: MessageKey; children: ReactNode; onSubmit: (e: FormEvent) => void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <form className="panel-section" aria-labelledby={id} onSubmit={onSubmit} noValidate>
      <h3 id={id}>{t(title)}</h3>
      {children}
    </form>
  );
}

function Field(props: { label: MessageKey; field: ReturnType<typeof useField>; inputMode?: 'numeric' | 'tel'; testId: string }) {
  const { field } = props;
  return (
    <TextField label={props.label} data-testid={props.testId} inputMode={props.inputMode} value={field.value} onChange={field.setValue} rule={field.rule} />
  );
}

function Outcome({ error, children }: { error: unknown; children?: ReactNode }) {
  const {} = useI18n();
  if (error) return <ErrorAlert error={error} />;
  return children ? <div role="status">{children}</div> : null;
}

/** Time left until an issuer time, on the sandbox clock. */
function TimeLeft({ label, until }: { label: 'training.sms.validFor' | 'training.app.validFor'; until: string }) {
  const { t } = useI18n();
  const left = useFormat().countdown(useTimeLeft(until));
  return (
    <p className="countdown" data-testid="training-time-left">
      {t(label, { left })}
    </p>
  );
}

function SmsInbox({ job }: { job: PhoneJob }) {
  const { t } = useI18n();
  const format = useFormat();
  const api = useApi();
  const headingId = useId();
  const { registrationId, smsExpiresAt } = job;
  // Asked again whenever a new code goes out (a resend moves the expiry).
  const inbox = useQuery({
    queryKey: phoneQueryKey(job, 'sms', smsExpiresAt),
    queryFn: () => api.call('training.smsOutbox', { registrationId }),
  });
  return (
    <section className="panel-section" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {t('training.sms.heading')}
        {inbox.data && <span data-testid="training-sms-phone"> · {inbox.data.maskedMobile}</span>}
      </h3>
      {smsExpiresAt && <TimeLeft label="training.sms.validFor" until={smsExpiresAt} />}
      <Outcome error={inbox.error}>
        {inbox.data &&
          (inbox.data.messages.length === 0 ? (
            <p>{t('training.sms.empty')}</p>
          ) : (
            <ul className="sms-list" data-testid="training-sms-messages">
              {inbox.data.messages.map((message) => (
                <li key={message.sentAt + message.text}>
                  <time dateTime={message.sentAt}>{format.time(message.sentAt)}</time> {message.text}
                </li>
              ))}
            </ul>
          ))}
      </Outcome>
    </section>
  );
}

/** The customer types the app code into the app; the device then comes to the phone through the job. */
function AppActivation({ expiresAt }: { expiresAt: string | undefined }) {
  const { t } = useI18n();
  const api = useApi();
  const code = useField(AppRegistrationCodeSchema);
  const [rooted, setRooted] = useState(false);
  const rootedId = useId();
  const activation = useMutation({
    mutationFn: (appRegistrationCode: string) => api.call('training.activateApp', { appRegistrationCode, rooted }),
  });
  return (
    <Section title="training.app.heading" onSubmit={code.onSubmit((appRegistrationCode) => activation.mutate(appRegistrationCode))}>
      {expiresAt && <TimeLeft label="training.app.validFor" until={expiresAt} />}
      <Field label="training.app.code" field={code} inputMode="numeric" testId="training-app-code" />
      <label className="checkbox" htmlFor={rootedId}>
        <input id={rootedId} type="checkbox" checked={rooted} onChange={(e) => setRooted(e.target.checked)} />
        {t('training.app.rooted')}
      </label>
      <button type="submit">{t('training.app.activate')}</button>
      <Outcome error={activation.error}>
        {activation.data && <p>{t('training.app.activated', { deviceId: activation.data.deviceId })}</p>}
      </Outcome>
    </Section>
  );
}

/** The app of the job's device: its OTP of the current time step, a new one as the sandbox clock passes each step. */
function OtpApp({ job, deviceId }: { job: PhoneJob; deviceId: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const api = useApi();
  const otp = useField(OtpSchema);
  const now = useIssuerNow();
  const stepMs = OTP_STEP_SECONDS * 1000;
  const current = useQuery({
    queryKey: phoneQueryKey(job, 'otp', deviceId, Math.floor(now / stepMs)),
    queryFn: () => api.call('training.currentOtp', { deviceId }),
    placeholderData: keepPreviousData,
  });
  const use = useMutation({ mutationFn: (value: string) => api.call('training.useOtp', { deviceId, otp: value }) });
  return (
    <Section title="training.otp.heading" onSubmit={otp.onSubmit((value) => use.mutate(value))}>
      <p>{t('training.app.activated', { deviceId })}</p>
      <Outcome error={current.error}>
        {current.data && (
          <p className="otp-display" data-testid="training-current-otp">
            {current.data.otp}
          </p>
        )}
      </Outcome>
      <p className="countdown" data-testid="training-otp-next">
        {t('training.otp.nextIn', { left: format.countdown(stepMs - (now % stepMs)) })}
      </p>
      <Field label="training.otp.enter" field={otp} inputMode="numeric" testId="training-otp-input" />
      <button type="submit">{t('training.otp.use')}</button>
      <Outcome error={use.error}>{use.data && <p>{t('training.otp.accepted')}</p>}</Outcome>
    </Section>
  );
}

/** The sandbox clock, which the countdowns follow; moving it ahead is how a trainer practises expiry. */
function SandboxClock() {
  const { t } = useI18n();
  const format = useFormat();
  const api = useApi();
  const moved = useSandboxClockMoved();
  const now = useIssuerNow();
  const clock = useMutation({ mutationFn: (minutes: number) => api.call('training.advanceClock', { minutes }), onSuccess: ({ now }) => moved(now) });
  return (
    <div className="panel-section">
      <h3>{t('training.clock.heading')}</h3>
      <p className="hint">{t('training.clock.hint')}</p>
      <p data-testid="training-clock-now">{t('training.clock.now', { time: format.dateTime(new Date(now)) })}</p>
      <div className="buttons">
        {[3, 30].map((minutes) => (
          <button key={minutes} type="button" onClick={() => clock.mutate(minutes)}>
            {t('training.clock.advance', { minutes })}
          </button>
        ))}
      </div>
      <Outcome error={clock.error} />
    </div>
  );
}

/** Back to the seed: asks once more, then the sandbox forgets everything and the trainer logs in again. */
function TrainingReset() {
  const { t } = useI18n();
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const reset = useMutation({ mutationFn: () => api.call('training.reset', {}) });
  return (
    <div className="panel-section">
      <h3>{t('training.reset.heading')}</h3>
      {confirming ? (
        <>
          <p role="alert">{t('training.reset.confirmText')}</p>
          <button type="button" className="danger" onClick={() => reset.mutate()}>
            {t('training.reset.confirm')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('training.reset.cancel')}
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t('training.reset.start')}
        </button>
      )}
      <Outcome error={reset.error} />
    </div>
  );
}
