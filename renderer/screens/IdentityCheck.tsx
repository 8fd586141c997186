import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { IdentifyOutput } from '../../shared/customer.js';
import { maskRrn, RrnSchema, rrnChecksumValid } from '../../issuer-api/domain.js';
import { IdentityCheckRequestSchema } from '../../issuer-api/schemas.js';
import { useApi } from '../api/hooks.js';
import { useIssuerClock } from '../api/issuer-clock.js';
import { useI18n } from '../i18n/i18n.js';
import { TextField } from '../components/TextField.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { backOutOnEscape } from '../components/escape.js';
import { useForm } from '../components/form.js';
import type { ForEntry } from './Worklists.js';

const DOCUMENT_TYPES = ['RESIDENT_CARD', 'DRIVER_LICENSE', 'PASSPORT'] as const;
const { name, rrn, document } = IdentityCheckRequestSchema.shape;

/**
 * The customer's identity check: document type, name, RRN, issue date, checked by the shared
 * rules before the issuer is asked. The RRN is shown masked once the teller leaves the field.
 * Esc clears the form for the next customer; editing a field clears the last answer's alert.
 */
export function IdentityCheck({
  onVerified,
  forEntry = null,
  onDropFor,
}: {
  /** `askedAt`: the issuer's time as the check was asked (its 30 minutes run from about then). */
  onVerified: (result: IdentifyOutput, askedAt: number) => void;
  /** The worklist entry the teller brought here: named above the form until Esc drops it. */
  forEntry?: ForEntry | null;
  onDropFor?: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const ids = { type: useId() };
  const [documentType, setDocumentType] = useState<(typeof DOCUMENT_TYPES)[number]>('RESIDENT_CARD');
  const [rrnFocused, setRrnFocused] = useState(false);
  const firstField = useRef<HTMLSelectElement>(null);

  const issuerClock = useIssuerClock();
  const check = useMutation({
    mutationFn: (input: Parameters<typeof api.call<'customer.identify'>>[1]) => api.call('customer.identify', input),
    onMutate: () => issuerClock(),
    onSuccess: (result, _input, askedAt) => {
      if (result.result === 'VERIFIED') onVerified(result, askedAt);
    },
  });
  const form = useForm({
    initial: { name: '', rrn: '', issueDate: '' },
    rules: { name, rrn, issueDate: document.shape.issueDate },
    call: check,
    staleOnAnyEdit: true,
  });
  const nextCustomer = () => {
    onDropFor?.();
    form.reset();
    setDocumentType('RESIDENT_CARD');
    firstField.current?.focus();
  };

  useEffect(() => firstField.current?.focus(), [forEntry]);

  const typedRrn = form.values.rrn;
  const parsedRrn = RrnSchema.safeParse(typedRrn);
  // Back in the field, the whole number is selected: typing it again replaces it instead of adding
  // to it. In a layout effect, after the render that swaps the masked text for the number (which
  // would drop a selection made earlier) and before the next key is handled.
  const rrnField = form.field('rrn');
  useLayoutEffect(() => {
    if (rrnFocused) rrnField.inputRef.current?.select();
  }, [rrnFocused]);
  const checksumWarning = parsedRrn.success && !rrnChecksumValid(parsedRrn.data);

  const submit = form.submit((typed) =>
    check.mutate({ name: typed.name, rrn: typed.rrn, document: { type: documentType, issueDate: typed.issueDate } }),
  );
  const outcome = check.data && check.data.result !== 'VERIFIED' ? check.data.result : null;

  return (
    <form
      className="card identity-form"
      onSubmit={submit}
      onKeyDown={backOutOnEscape(nextCustomer)}
      noValidate
      aria-labelledby={`${ids.type}-heading`}
    >
      <h2 id={`${ids.type}-heading`}>{t('identity.heading')}</h2>
      {forEntry && (
        <p className="for-entry" data-testid="identity-for">
          {t('worklist.for', { name: forEntry.maskedName, device: forEntry.device })}
        </p>
      )}
      <label htmlFor={ids.type}>{t('identity.documentType')}</label>
      <select
        id={ids.type}
        ref={firstField}
        value={documentType}
        onChange={(e) => {
          setDocumentType(e.target.value as typeof documentType);
          check.reset();
        }}
      >
        {DOCUMENT_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`identity.document.${type}`)}
          </option>
        ))}
      </select>
      <TextField label="identity.name" {...form.field('name')} />
      <TextField
        label="identity.rrn"
        hint="identity.rrnHint"
        inputMode="numeric"
        spellCheck={false}
        {...rrnField}
        value={!rrnFocused && parsedRrn.success ? maskRrn(parsedRrn.data) : typedRrn}
        onFocus={() => setRrnFocused(true)}
        onBlur={() => setRrnFocused(false)}
      />
      {!rrnField.rule && checksumWarning && (
        <p className="warning" data-testid="rrn-checksum-warning">
          {t('identity.checksumWarning')}
        </p>
      )}
      <TextField label="identity.issueDate" placeholder="YYYY-MM-DD" {...form.field('issueDate')} />
      <ErrorAlert error={check.error} message={outcome && t(`identity.result.${outcome}`)} testId="identity-outcome" />
      <button type="submit" disabled={check.isPending}>
        {t('identity.submit')}
      </button>
    </form>
  );
}
