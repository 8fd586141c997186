import { useEffect, useRef } from 'react';
import type { MessageKey } from '../../i18n/ko.js';
import type { FieldBinding } from '../../components/form.js';
import { TextField } from '../../components/TextField.js';

export function useAutoFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/** A code the customer reads out (SMS code, OTP): digits, focused when the step opens. */
export function CodeField({ big, ...field }: FieldBinding & { label: MessageKey; big?: boolean; readOnly?: boolean }) {
  return <TextField inputMode="numeric" autoComplete="one-time-code" autoFocus className={big ? 'code-input' : undefined} {...field} />;
}
