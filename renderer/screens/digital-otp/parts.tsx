import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/ko.js';

export function useAutoFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

export function CodeField(props: { label: MessageKey; value: string; onChange: (v: string) => void; rule: MessageKey | null; big?: boolean; readOnly?: boolean; children?: ReactNode }) {
  const { t } = useI18n();
  const id = useId();
  const ref = useAutoFocus<HTMLInputElement>();
  return (
    <>
      <label htmlFor={id}>{t(props.label)}</label>
      <input id={id} ref={ref} inputMode="numeric" autoComplete="one-time-code" className={props.big ? 'code-input' : undefined} value={props.value} readOnly={props.readOnly} aria-invalid={!!props.rule} onChange={(e) => props.onChange(e.target.value)} />
      {props.rule && <p className="field-error">{t(props.rule)}</p>}
    </>
  );
}

