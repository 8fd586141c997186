import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { AppRegistrationCodeSchema, MobileNumberSchema, OtpSchema } from '../../issuer-api/domain.js';
import { useApi } from '../api/hooks.js';
import { useI18n, validationKey } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';
import { backOutOnEscape } from './escape.js';
import { TextField } from './TextField.js';
import { ErrorAlert } from './ErrorAlert.js';

/**
 * Training mode's stand-in for the customer's phone: the SMS inbox, the Digital OTP app
 * (activate with the app registration code, show the current OTP, enter a wrong one) and the
 * sandbox clock. Every call goes to the in-process sandbox through the same contract as the rest.
 */
export function TrainingPanel({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const [deviceId, setDeviceId] = useState('');
  return (
    <aside className="training-panel card" aria-labelledby="training-panel-heading" onKeyDown={backOutOnEscape(onClose)}>
      <div className="panel-header">
        <h2 id="training-panel-heading">{t('training.heading')}</h2>
        <button type="button" onClick={onClose}>
          {t('training.close')}
        </button>
      </div>
      <p className="hint">{t('training.hint')}</p>
      <SmsInbox />
      <AppActivation onActivated={setDeviceId} />
      <OtpApp deviceId={deviceId} onDeviceId={setDeviceId} />
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

function SmsInbox() {
  const { t } = useI18n();
  const api = useApi();
  const mobile = useField(MobileNumberSchema);
  const inbox = useMutation({ mutationFn: (mobileNumber: string) => api.call('training.smsOutbox', { mobileNumber }) });
  return (
    <Section title="training.sms.heading" onSubmit={mobile.onSubmit((mobileNumber) => inbox.mutate(mobileNumber))}>
      <Field label="training.sms.mobile" field={mobile} inputMode="tel" testId="training-sms-mobile" />
      <button type="submit">{t('training.sms.show')}</button>
      <Outcome error={inbox.error}>
        {inbox.data &&
          (inbox.data.messages.length === 0 ? (
            <p>{t('training.sms.empty')}</p>
          ) : (
            <ul className="sms-list" data-testid="training-sms-messages">
              {inbox.data.messages.map((message) => (
                <li key={message.sentAt + message.text}>
                  <time dateTime={message.sentAt}>{new Date(message.sentAt).toLocaleTimeString()}</time> {message.text}
                </li>
              ))}
            </ul>
          ))}
      </Outcome>
    </Section>
  );
}

function AppActivation({ onActivated }: { onActivated: (deviceId: string) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const code = useField(AppRegistrationCodeSchema);
  const [rooted, setRooted] = useState(false);
  const rootedId = useId();
  const activation = useMutation({
    mutationFn: (appRegistrationCode: string) => api.call('training.activateApp', { appRegistrationCode, rooted }),
    onSuccess: ({ deviceId }) => onActivated(deviceId),
  });
  return (
    <Section title="training.app.heading" onSubmit={code.onSubmit((appRegistrationCode) => activation.mutate(appRegistrationCode))}>
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

function OtpApp({ deviceId, onDeviceId }: { deviceId: string; onDeviceId: (id: string) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const deviceFieldId = useId();
  const otp = useField(OtpSchema);
  const current = useMutation({ mutationFn: () => api.call('training.currentOtp', { deviceId }) });
  const use = useMutation({ mutationFn: (value: string) => api.call('training.useOtp', { deviceId, otp: value }) });
  return (
    <Section title="training.otp.heading" onSubmit={otp.onSubmit((value) => deviceId && use.mutate(value))}>
      <label htmlFor={deviceFieldId}>{t('training.otp.device')}</label>
      <input id={deviceFieldId} data-testid="training-device-id" value={deviceId} onChange={(e) => onDeviceId(e.target.value.trim())} />
      <button type="button" disabled={!deviceId} onClick={() => current.mutate()}>
        {t('training.otp.show')}
      </button>
      <Outcome error={current.error}>
        {current.data && (
          <p className="otp-display" data-testid="training-current-otp">
            {current.data.otp}
          </p>
        )}
      </Outcome>
      <Field label="training.otp.enter" field={otp} inputMode="numeric" testId="training-otp-input" />
      <button type="submit" disabled={!deviceId}>
        {t('training.otp.use')}
      </button>
      <Outcome error={use.error}>{use.data && <p>{t('training.otp.accepted')}</p>}</Outcome>
    </Section>
  );
}

function SandboxClock() {
  const { t } = useI18n();
  const api = useApi();
  const clock = useMutation({ mutationFn: (minutes: number) => api.call('training.advanceClock', { minutes }) });
  return (
    <div className="panel-section">
      <h3>{t('training.clock.heading')}</h3>
      <p className="hint">{t('training.clock.hint')}</p>
      {[3, 30].map((minutes) => (
        <button key={minutes} type="button" onClick={() => clock.mutate(minutes)}>
          {t('training.clock.advance', { minutes })}
        </button>
      ))}
      <Outcome error={clock.error}>{clock.data && <p>{t('training.clock.now', { time: new Date(clock.data.now).toLocaleString() })}</p>}</Outcome>
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
