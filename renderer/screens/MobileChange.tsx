import { useEffect, useId, useRef, useState } from 'react';
import type { Customer } from '../../shared/customer.js';
import { maskMobile, MobileNumberSchema } from '../../issuer-api/domain.js';
import type { Device, Notified } from '../../issuer-api/schemas.js';
import { useApi } from '../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../api/idempotent.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { NotifiedLine } from '../components/Notified.js';
import { TextField } from '../components/TextField.js';
import { useForm } from '../components/form.js';
import { RadioGroup } from '../components/RadioGroup.js';

/** A finished change as the page keeps it: masked numbers only; the number typed in full is gone with the form. */
export interface MobileChangeDone {
  mobileNumbers: string[];
  notified: Notified;
  /** The new number, masked as the issuer masks it: the Digital OTP registration starts on it. */
  newMobile: string;
  replaced?: string;
}

const ADD = 'add';

/**
 * 휴대폰 번호 변경: a number added, or put in the place of one on record (the masked numbers as
 * radios), the new one typed in full and checked here before it is sent. The issuer texts the old
 * and the new number; the answer lists the numbers now on record, masked.
 */
export function MobileChange(props: { customer: Customer; identityCheckId: string; onDone: (done: MobileChangeDone) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const headingId = useId();
  const onRecord = props.customer.mobileNumbers;
  const [choice, setChoice] = useState<string>(ADD);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const replaces = choice === ADD ? undefined : choice;

  const change = useIdempotentMutation(
    (mobileNumber: string, idempotencyKey: string) =>
      api.call('customer.changeMobile', {
        customerRef: props.customer.customerRef,
        identityCheckId: props.identityCheckId,
        mobileNumber,
        ...(replaces && { replaces }),
        idempotencyKey,
      }),
    {
      onSuccess: (answer, mobileNumber) =>
        props.onDone({ ...answer, newMobile: maskMobile(mobileNumber), ...(replaces && { replaced: replaces }) }),
    },
  );
  const form = useForm({
    initial: { mobile: '' },
    rules: { mobile: MobileNumberSchema },
    call: change,
    refusals: { MOBILE_IN_USE: 'mobile', MOBILE_ALREADY_ON_RECORD: 'mobile' },
  });
  const submit = form.submit(({ mobile }) => change.mutate(mobile));

  return (
    <form className="wizard wizard-step" aria-labelledby={headingId} onSubmit={submit} noValidate data-testid="mobile-change">
      <h3 id={headingId}>{t('mobile.heading')}</h3>
      <RadioGroup
        legend={t('mobile.what')}
        name="mobile-change"
        options={[ADD, ...onRecord]}
        value={choice}
        onChange={(value) => {
          setChoice(value);
          change.reset();
        }}
        labelOf={(value) => (value === ADD ? t('mobile.add') : t('mobile.replace', { mobile: value }))}
        firstRef={first}
      />
      <TextField label="mobile.new" hint="mobile.hint" inputMode="tel" {...form.field('mobile')} />
      <ErrorAlert error={change.error} unsure="mobile.unsure" id={form.alertId} />
      <div className="buttons">
        <button type="submit" disabled={change.isPending}>
          {isOutcomeUnknown(change.error) ? t('mobile.retry') : t('mobile.submit')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('mobile.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * After it: the numbers on record, who was texted, and (for a customer who may have a Digital OTP)
 * its registration offered on the new number. `onReregister` is the page's F2 job, opened on it.
 */
export function MobileChangeReceipt(props: { done: MobileChangeDone; devices: readonly Device[]; onReregister: (() => void) | null }) {
  const { t } = useI18n();
  const { done } = props;
  // The issuer keeps an app bound to a replaced number working until the customer registers again.
  const appOnReplaced = props.devices.some(
    (d) => d.kind === 'DIGITAL_OTP' && (d.status === 'ACTIVE' || d.status === 'RESTRICTED') && d.maskedMobile === done.replaced,
  );
  return (
    <>
      <p className="receipt" role="status" data-testid="mobile-change-done">
        {t(done.replaced ? 'mobile.done.replaced' : 'mobile.done.added', { old: done.replaced ?? '', mobile: done.newMobile })}{' '}
        {t('mobile.done.onRecord', { numbers: done.mobileNumbers.join(', ') })}
      </p>
      <NotifiedLine notified={done.notified} />
      {appOnReplaced && <p className="hint">{t('mobile.oldAppKeepsWorking', { old: done.replaced ?? '' })}</p>}
      {props.onReregister && (
        <button type="button" aria-keyshortcuts="F2" onClick={props.onReregister}>
          {t('mobile.reregister')}
        </button>
      )}
    </>
  );
}
