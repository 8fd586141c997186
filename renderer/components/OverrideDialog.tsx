import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { PasswordSchema, StaffIdSchema } from '../../shared/staff.js';
import type { Approval, ApprovedRequest } from '../../shared/supervisor.js';
import { errorInfoOf } from '../api/client.js';
import { useApi } from '../api/hooks.js';
import { useFormat, useI18n } from '../i18n/i18n.js';
import { Modal } from './Modal.js';
import { TextField } from './TextField.js';
import { ErrorAlert } from './ErrorAlert.js';
import { useForm } from './form.js';

/**
 * The supervisor's override at the teller's console: their ID and password for the one request
 * named in full. The issuer decides (a supervisor, not the teller themselves, the right password)
 * and binds the approval to that exact request; this dialog only shows its answer.
 */
export function OverrideDialog(props: {
  /** The customer of the request; none for the branch's own jobs (stock, day-end). */
  customerRef?: string;
  request: ApprovedRequest;
  /** The request in a full sentence, as the supervisor approves it. */
  summary: string;
  onApproved: (approval: Approval) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const ids = { heading: useId(), summary: useId() };
  const approve = useMutation({
    mutationFn: (input: { supervisorId: string; password: string }) =>
      api.call('approval.request', { ...(props.customerRef && { customerRef: props.customerRef }), request: props.request, ...input }),
    onSuccess: props.onApproved,
    onError: (error) => {
      form.set('password', '');
      // Someone who may not approve: the next try is another person, so start from the ID.
      const code = errorInfoOf(error).code;
      if (code === 'NOT_A_SUPERVISOR' || code === 'SELF_APPROVAL') form.set('supervisorId', '');
    },
  });
  // The login rules are the approval's rules: a staff ID and a password.
  const form = useForm({
    initial: { supervisorId: '', password: '' },
    rules: { supervisorId: StaffIdSchema, password: PasswordSchema },
    call: approve,
    refusals: { INVALID_CREDENTIALS: 'password', NOT_A_SUPERVISOR: 'supervisorId', SELF_APPROVAL: 'supervisorId', STAFF_LOCKED: 'supervisorId' },
  });
  const submit = form.submit((typed) => approve.mutate(typed));

  return (
    <Modal labelledBy={ids.heading} describedBy={ids.summary} onEscape={props.onCancel}>
      <form onSubmit={submit} noValidate data-testid="override-dialog">
        <h3 id={ids.heading}>{t('approval.heading')}</h3>
        <p id={ids.summary} className="confirm-sentence">
          {t('approval.for', { summary: props.summary })}
        </p>
        <p className="hint">{t('approval.hint')}</p>
        <TextField label="approval.supervisorId" autoFocus {...form.field('supervisorId')} />
        <TextField label="approval.password" type="password" {...form.field('password')} />
        <ErrorAlert error={approve.error} id={form.alertId} />
        <div className="buttons">
          <button type="submit" disabled={approve.isPending}>
            {t('approval.submit')}
          </button>
          <button type="button" onClick={props.onCancel}>
            {t('approval.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Says the approval the teller now holds: who gave it and until when (it is good once, for 2 minutes). */
export function ApprovalGranted({ approval }: { approval: Approval | null }) {
  const { t } = useI18n();
  const format = useFormat();
  if (!approval) return null;
  return (
    <p role="status" data-testid="approval-granted">
      {t('approval.granted', { supervisorId: approval.supervisorId, time: format.time(approval.expiresAt) })}
    </p>
  );
}
