import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { contract } from '../../shared/contract.js';
import type { Approval, ApprovedRequest } from '../../shared/supervisor.js';
import { errorInfoOf } from '../api/client.js';
import { useApi } from '../api/hooks.js';
import { useI18n, validationKey } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';
import { backOutOnEscape } from './escape.js';
import { TextField } from './TextField.js';
import { ErrorAlert } from './ErrorAlert.js';

/**
 * The supervisor's override at the teller's console: their ID and password for the one request
 * named in full. The issuer decides (a supervisor, not the teller themselves, the right password)
 * and binds the approval to that exact request; this dialog only shows its answer.
 */
export function OverrideDialog(props: {
  customerRef: string;
  request: ApprovedRequest;
  /** The request in a full sentence, as the supervisor approves it. */
  summary: string;
  onApproved: (approval: Approval) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const ids = { heading: useId(), summary: useId() };
  const [supervisorId, setSupervisorId] = useState('');
  const [password, setPassword] = useState('');
  const [rules, setRules] = useState<{ staffId?: MessageKey; password?: MessageKey }>({});
  const idRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  useEffect(() => idRef.current?.focus(), []);

  const approve = useMutation({
    mutationFn: (input: { supervisorId: string; password: string }) =>
      api.call('approval.request', { customerRef: props.customerRef, request: props.request, ...input }),
    onSuccess: props.onApproved,
    onError: (error) => {
      setPassword('');
      // Someone who may not approve: the next try is another person, so start from the ID.
      const code = errorInfoOf(error).code;
      if (code === 'NOT_A_SUPERVISOR' || code === 'SELF_APPROVAL') {
        setSupervisorId('');
        idRef.current?.focus();
      } else {
        passwordRef.current?.focus();
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The login rules are the approval's rules: a staff ID and a password.
    const parsed = contract['staff.login'].input.safeParse({ staffId: supervisorId, password });
    if (!parsed.success) {
      const found: typeof rules = {};
      for (const issue of parsed.error.issues) found[issue.path[0] as keyof typeof rules] ??= validationKey(issue.message);
      setRules(found);
      (found.staffId ? idRef : passwordRef).current?.focus();
      return;
    }
    setRules({});
    approve.mutate({ supervisorId: parsed.data.staffId, password: parsed.data.password });
  };

  return (
    <div className="dialog-backdrop">
      <div className="dialog card" role="dialog" aria-modal="true" aria-labelledby={ids.heading} aria-describedby={ids.summary}>
        <form onSubmit={submit} noValidate onKeyDown={backOutOnEscape(props.onCancel)} data-testid="override-dialog">
          <h3 id={ids.heading}>{t('approval.heading')}</h3>
          <p id={ids.summary} className="confirm-sentence">
            {t('approval.for', { summary: props.summary })}
          </p>
          <p className="hint">{t('approval.hint')}</p>
          <TextField label="approval.supervisorId" value={supervisorId} onChange={setSupervisorId} rule={rules.staffId} inputRef={idRef} />
          <TextField
            label="approval.password"
            type="password"
            value={password}
            onChange={setPassword}
            rule={rules.password}
            inputRef={passwordRef}
          />
          <ErrorAlert error={approve.error} />
          <div className="buttons">
            <button type="submit" disabled={approve.isPending}>
              {t('approval.submit')}
            </button>
            <button type="button" onClick={props.onCancel}>
              {t('approval.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
