import { useEffect, useId, useRef, useState } from 'react';
import { UnlockRequestSchema, type Device, type Notified } from '../../issuer-api/schemas.js';
import type { Approval, ApprovedRequest } from '../../shared/supervisor.js';
import { errorInfoOf } from '../api/client.js';
import { useApi } from '../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../api/idempotent.js';
import { ApprovalGranted, OverrideDialog } from '../components/OverrideDialog.js';
import { TextField } from '../components/TextField.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';
import { describeDevice } from './LossReport.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { useForm } from '../components/form.js';

/** The device jobs a supervisor approves as a whole (a fee waiver is approved within a card replacement; stock and day-end have screens of their own). */
export type SupervisedAction = Extract<ApprovedRequest['action'], 'DEVICE_UNLOCK' | 'LOSS_REPORT_RELEASE'>;

export const SUPERVISED_KEYS = {
  DEVICE_UNLOCK: { heading: 'unlock.heading', ask: 'unlock.askApproval', submit: 'unlock.submit' },
  LOSS_REPORT_RELEASE: { heading: 'release.heading', ask: 'release.askApproval', submit: 'release.submit' },
} as const satisfies Record<SupervisedAction, Record<string, MessageKey>>;

/**
 * A job a teller may not do alone: unlock a RESTRICTED device (the visit's identity check and a
 * reason) or release a loss report. The teller prepares it, the supervisor approves that exact
 * request in the override dialog, then the teller carries it out. The form is frozen once
 * approved: a changed request would need a new approval.
 */
export function SupervisedJob(props: {
  action: SupervisedAction;
  customer: { customerRef: string; name: string };
  identityCheckId: string;
  device: Device;
  onDone: (device: Device & { notified: Notified }) => void;
  onCancel: () => void;
}) {
  const { action, customer, device } = props;
  const { t } = useI18n();
  const api = useApi();
  const headingId = useId();
  const [asking, setAsking] = useState(false);
  const [approval, setApproval] = useState<Approval | null>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const doRef = useRef<HTMLButtonElement>(null);
  // The reason is the unlock's own rule; a release has nothing to type.
  const form = useForm({ initial: { reason: '' }, rules: action === 'DEVICE_UNLOCK' ? { reason: UnlockRequestSchema.shape.reason } : {} });
  const reason = form.values.reason;
  const reasonRef = form.field('reason').inputRef;
  useEffect(() => (action === 'DEVICE_UNLOCK' ? reasonRef : askRef).current?.focus(), [action]);
  useEffect(() => {
    if (approval) doRef.current?.focus();
  }, [approval]);
  // A dialog backed out of puts the teller on asking again; after it has closed (an effect): while
  // open, the page behind it cannot take focus.
  const dialogCancelled = useRef(false);
  useEffect(() => {
    if (asking || !dialogCancelled.current) return;
    dialogCancelled.current = false;
    askRef.current?.focus();
  }, [asking]);

  const request: ApprovedRequest =
    action === 'DEVICE_UNLOCK'
      ? { action, deviceId: device.deviceId, reason: reason.trim(), identityCheckId: props.identityCheckId }
      : { action, deviceId: device.deviceId };
  const deviceText = describeDevice(t, device);
  const summary =
    action === 'DEVICE_UNLOCK'
      ? t('unlock.summary', { name: customer.name, device: deviceText, failCount: device.failCount, reason: reason.trim() })
      : t('release.summary', { name: customer.name, device: deviceText });

  const carryOut = useIdempotentMutation(
    (approvalToken: string, idempotencyKey: string) =>
      action === 'DEVICE_UNLOCK'
        ? api.call('device.unlock', {
            customerRef: customer.customerRef,
            deviceId: device.deviceId,
            reason: reason.trim(),
            identityCheckId: props.identityCheckId,
            approvalToken,
            idempotencyKey,
          })
        : api.call('device.releaseLoss', { customerRef: customer.customerRef, deviceId: device.deviceId, approvalToken, idempotencyKey }),
    { onSuccess: props.onDone },
  );
  const failure = carryOut.error ? errorInfoOf(carryOut.error) : null;
  // A spent, expired or mismatched approval is dead: the supervisor approves again.
  const approvalDead = failure?.code === 'APPROVAL_INVALID' || failure?.code === 'APPROVAL_REQUIRED' || failure?.code === 'FORBIDDEN_ROLE';
  const live = approval && !approvalDead ? approval : null;

  const submit = form.submit(() => {
    if (live) return carryOut.mutate(live.approvalToken);
    carryOut.reset();
    setAsking(true);
  });

  return (
    <>
      <form
        className="supervised-job"
        aria-labelledby={headingId}
        onSubmit={submit}
        noValidate
        data-testid="supervised-job"
      >
        <h3 id={headingId}>{t(SUPERVISED_KEYS[action].heading)}</h3>
        {action === 'DEVICE_UNLOCK' && (
          <>
            <p className="hint">{t('unlock.identity')}</p>
            <TextField label="unlock.reason" {...form.field('reason')} maxLength={200} readOnly={live !== null} />
          </>
        )}
        <p className="confirm-sentence" data-testid="supervised-summary">
          {summary}
        </p>
        <ApprovalGranted approval={live} />
        <ErrorAlert error={carryOut.error} unsure="supervised.unsure" />
        <div className="buttons">
          {live ? (
            <button type="submit" ref={doRef} className="danger" disabled={carryOut.isPending}>
              {isOutcomeUnknown(carryOut.error) ? t('supervised.retry') : t(SUPERVISED_KEYS[action].submit)}
            </button>
          ) : (
            <button type="submit" ref={askRef}>
              {t(SUPERVISED_KEYS[action].ask)}
            </button>
          )}
          <button type="button" onClick={props.onCancel}>
            {t('supervised.cancel')}
          </button>
        </div>
      </form>
      {/* Beside the form, not in it: Chromium stops a nested form's submit at the outer form, so React never sees it. */}
      {asking && (
        <OverrideDialog
          customerRef={customer.customerRef}
          request={request}
          summary={summary}
          onApproved={(granted) => {
            setAsking(false);
            carryOut.reset();
            setApproval(granted);
          }}
          onCancel={() => {
            dialogCancelled.current = true;
            setAsking(false);
          }}
        />
      )}
    </>
  );
}
