import { useId, type InputHTMLAttributes, type Ref } from 'react';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';

/**
 * A labelled text input with its translated rule when the shared schema refused the value, or the
 * alert of an issuer's refusal of it: the label, the invalid state and the message are tied
 * together for screen readers. The logged-in forms bind it with `useForm` (form.ts).
 */
export function TextField({
  label,
  value,
  onChange,
  rule,
  refusedBy,
  inputRef,
  hint,
  badge,
  ...input
}: {
  label: MessageKey;
  value: string;
  onChange: (value: string) => void;
  rule?: MessageKey | null | undefined;
  /** The id of the alert saying why the issuer refused this value: the field is invalid, described by it. */
  refusedBy?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
  /** A line under the field, read with it. */
  hint?: MessageKey;
  /** A short tag beside the label (where the value came from), part of the field's name. */
  badge?: MessageKey | undefined;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>) {
  const { t } = useI18n();
  const id = useId();
  const described = [hint && `${id}-hint`, rule && `${id}-error`, refusedBy].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <label htmlFor={id}>
        {t(label)}
        {badge && <span className="field-badge"> {t(badge)}</span>}
      </label>
      <input
        autoComplete="off"
        {...input}
        id={id}
        ref={inputRef}
        value={value}
        aria-invalid={!!rule || !!refusedBy}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {t(hint)}
        </p>
      )}
      {rule && (
        <p id={`${id}-error`} className="field-error">
          {t(rule)}
        </p>
      )}
    </>
  );
}
