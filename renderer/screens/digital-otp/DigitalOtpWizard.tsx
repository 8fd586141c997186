import type { Notified } from '../../../issuer-api/schemas.js';
import { useEffect, useLayoutEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/ko.js';
import { AppCodeStep, DoneStep, FirstOtpStep } from './FinishSteps.js';
import { MobileStep, SmsStep } from './StartSteps.js';
import type { CustomerJobProps } from '../CustomerPage.js';
import { useFollowOnPhone } from '../../components/phone-job.js';

export type Step =
  | { name: 'mobile' }
  | { name: 'sms'; registrationId: string; mobile: string; smsExpiresAt: string; resendsLeft: number }
  | { name: 'appCode'; registrationId: string; mobile: string; appRegistrationCode: string; expiresAt: string }
  | { name: 'activated'; registrationId: string; deviceId: string; notified?: Notified }
  | { name: 'done'; registrationId: string; deviceId: string; notified?: Notified; otpChecked: boolean };

/**
 * Digital OTP registration, face to face: mobile number → SMS code the customer shows → 8-digit
 * app registration code → activation seen live → optional first OTP. Closing it (its cancel
 * button, Esc) goes through the customer page, which cancels at the issuer a registration whose
 * SMS has gone out. Once the app code is shown the customer may finish at home until it expires:
 * closing leaves it, and the home screen's worklist follows it up.
 */
export function DigitalOtpWizard(props: CustomerJobProps & { mobile?: string | undefined }) {
  const { customer, identityCheckId, onProgress, onClose } = props;
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ name: 'mobile' });
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const registrationId = step.name === 'sms' ? step.registrationId : null;
  // In training, the customer's phone (the training panel) follows this registration until the job ends.
  useFollowOnPhone(
    step.name === 'mobile'
      ? null
      : {
          registrationId: step.registrationId,
          ...(step.name === 'sms' && { smsExpiresAt: step.smsExpiresAt }),
          ...(step.name === 'appCode' && { appCodeExpiresAt: step.expiresAt }),
          ...('deviceId' in step && { deviceId: step.deviceId }),
        },
  );
  // Before the step is painted: an Esc pressed as soon as the app code shows must not find the
  // page still thinking the registration is one to cancel.
  useLayoutEffect(
    () => onProgress({ step: `otp.step.${step.name}`, finished: step.name === 'done', ...(registrationId && { registrationId }) }),
    [onProgress, step.name, registrationId],
  );

  return (
    <section className="wizard" aria-labelledby="wizard-heading" data-testid="otp-wizard">
      <h3 id="wizard-heading">{t('otp.heading')}</h3>
      <ol className="wizard-steps">
        {(['mobile', 'sms', 'appCode', 'activated', 'done'] as const).map((name) => (
          <li key={name} aria-current={step.name === name ? 'step' : undefined}>
            {t(`otp.step.${name}`)}
          </li>
        ))}
      </ol>
      {step.name === 'mobile' && (
        <MobileStep
          customer={customer}
          identityCheckId={identityCheckId}
          notice={notice && t(notice)}
          preselect={props.mobile}
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
          onActivated={(deviceId, notified) => {
            setStep({ name: 'activated', registrationId: step.registrationId, deviceId, ...(notified && { notified }) });
            props.onDevicesChanged(deviceId);
          }}
        />
      )}
      {step.name === 'activated' && (
        <FirstOtpStep deviceId={step.deviceId} notified={step.notified} onDone={(otpChecked) => setStep({ ...step, name: 'done', otpChecked })} />
      )}
      {step.name === 'done' && <DoneStep otpChecked={step.otpChecked} notified={step.notified} onClose={onClose} />}
      {step.name !== 'done' && (
        <button type="button" onClick={onClose}>
          {t('otp.cancel')}
        </button>
      )}
    </section>
  );
}
