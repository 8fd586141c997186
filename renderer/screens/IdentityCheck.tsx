import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { contract } from '../../shared/contract.js';
import type { IdentifyOutput } from '../../shared/customer.js';
import { maskRrn, RrnSchema, rrnChecksumValid } from '../../issuer-api/domain.js';
import { useApi } from '../api/hooks.js';
import { useI18n, validationKey } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';
import { TextField } from '../components/TextField.js';
import { ErrorAlert } from '../components/ErrorAlert.js';

type Field = 'name' | 'rrn' | 'issueDate';
const DOCUMENT_TYPES = ['RESIDENT_CARD', 'DRIVER_LICENSE', 'PASSPORT'] as const;

/**
 * The customer's identity check: document type, name, RRN, issue date, checked by the shared
 * rules before the issuer is asked. The RRN is shown masked once the teller leaves the field.
 */
export function IdentityCheck({ onVerified }: { onVerified: (result: IdentifyOutput) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const ids = { type: useId() };
  const [documentType, setDocumentType] = useState<(typeof DOCUMENT_TYPES)[number]>('RESIDENT_CARD');
  const [name, setName] = useState('');
  const [rrn, setRrn] = useState('');
  const [rrnFocused, setRrnFocused] = useState(false);
  const [issueDate, setIssueDate] = useState('');
  const [rules, setRules] = useState<Partial<Record<Field, MessageKey>>>({});
  const firstField = useRef<HTMLSelectElement>(null);
  const refs = { name: useRef<HTMLInputElement>(null), rrn: useRef<HTMLInputElement>(null), issueDate: useRef<HTMLInputElement>(null) };

  const check = useMutation({
    mutationFn: (input: Parameters<typeof api.call<'customer.identify'>>[1]) => api.call('customer.identify', input),
    onSuccess: (result) => {
      if (result.result === 'VERIFIED') onVerified(result);
    },
  });

  useEffect(() => firstField.current?.focus(), []);

  const parsedRrn = RrnSchema.safeParse(rrn);
  // Back in the field, the whole number is selected: typing it again replaces it instead of adding
  // to it. In a layout effect, after the render that swaps the masked text for the number (which
  // would drop a selection made earlier) and before the next key is handled.
  useLayoutEffect(() => {
    if (rrnFocused) refs.rrn.current?.select();
  }, [rrnFocused]);
  const checksumWarning = parsedRrn.success && !rrnChecksumValid(parsedRrn.data);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { name, rrn, document: { type: documentType, issueDate } };
    const parsed = contract['customer.identify'].input.safeParse(input);
    if (!parsed.success) {
      const found: Partial<Record<Field, MessageKey>> = {};
      for (const issue of parsed.error.issues) {
        const field = (issue.path.at(-1) === 'issueDate' ? 'issueDate' : issue.path[0]) as Field;
        found[field] ??= validationKey(issue.message);
      }
      setRules(found);
      refs[(['name', 'rrn', 'issueDate'] as const).find((f) => found[f])!].current?.focus();
      return;
    }
    setRules({});
    check.mutate(input);
  };

  const outcome = check.data && check.data.result !== 'VERIFIED' ? check.data.result : null;

  return (
    <form className="card identity-form" onSubmit={submit} noValidate aria-labelledby={`${ids.type}-heading`}>
      <h2 id={`${ids.type}-heading`}>{t('identity.heading')}</h2>
      <label htmlFor={ids.type}>{t('identity.documentType')}</label>
      <select id={ids.type} ref={firstField} value={documentType} onChange={(e) => setDocumentType(e.target.value as typeof documentType)}>
        {DOCUMENT_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`identity.document.${type}`)}
          </option>
        ))}
      </select>
      <TextField label="identity.name" inputRef={refs.name} value={name} onChange={setName} rule={rules.name} />
      <TextField
        label="identity.rrn"
        hint="identity.rrnHint"
        inputRef={refs.rrn}
        inputMode="numeric"
        spellCheck={false}
        value={!rrnFocused && parsedRrn.success ? maskRrn(parsedRrn.data) : rrn}
        onFocus={() => setRrnFocused(true)}
        onBlur={() => setRrnFocused(false)}
        onChange={setRrn}
        rule={rules.rrn}
      />
      {!rules.rrn && checksumWarning && (
        <p className="warning" data-testid="rrn-checksum-warning">
          {t('identity.checksumWarning')}
        </p>
      )}
      <TextField label="identity.issueDate" inputRef={refs.issueDate} placeholder="YYYY-MM-DD" value={issueDate} onChange={setIssueDate} rule={rules.issueDate} />
      {outcome && (
        <p className="error" role="alert" data-testid="identity-outcome">
          {t(`identity.result.${outcome}`)}
        </p>
      )}
      <ErrorAlert error={check.error} />
      <button type="submit" disabled={check.isPending}>
        {t('identity.submit')}
      </button>
    </form>
  );
}
