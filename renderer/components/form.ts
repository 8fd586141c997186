import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { ErrorCode } from '../../shared/errors.js';
import { errorInfoOf } from '../api/client.js';
import { validationKey } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';

/*
 * The one form helper of the logged-in screens: each field's value, its rule from the shared zod
 * schema with the message the catalogue gives that rule, the aria wiring, focus on the first
 * invalid field, and the issuer's refusals shown on the field they concern.
 *
 * Our own hook, not react-hook-form + @hookform/resolvers (which do support zod v4): every form
 * here has one to three fields whose values do not only come from typing (the RRN shown masked,
 * the card's numbers filled by the reader, a code emptied on resend), so they would all be
 * controlled fields, and react-hook-form's uncontrolled inputs would buy nothing; a server refusal
 * is derived from the call's own error instead of copied with setError and cleared by hand, so the
 * alert and the field can never disagree; and the workspace chunk gains this file only, with no
 * package to audit and keep up to date.
 */

/** A field's rule: a shared zod schema, as the form uses it (the renderer names no zod itself). */
interface Rule<Output = unknown> {
  safeParse(value: string): { success: true; data: Output } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}
type Rules<F extends string> = Partial<Record<F, Rule>>;

/** What a valid submit hands on: each field's parsed value (its rule's output), else its text. */
export type Parsed<F extends string, R extends Rules<F>> = {
  [K in F]: R[K] extends Rule<infer Output> ? Output : string;
};

/** What a text field takes from the form (see TextField). */
export interface FieldBinding {
  value: string;
  /** The teller's edit: clears the field's rule and a refusal that concerned it. */
  onChange: (value: string) => void;
  inputRef: RefObject<HTMLInputElement | null>;
  /** The rule the value broke, as a catalogue key. */
  rule: MessageKey | undefined;
  /** The id of the alert that says why the issuer refused this field's value. */
  refusedBy: string | undefined;
}

export interface FormOptions<F extends string, R extends Rules<F>> {
  /** Every field with its first value, in the order the form shows them. */
  initial: Record<F, string>;
  /** Each checked field's rule, taken from the shared schema the channel checks too. */
  rules: R;
  /** Values kept elsewhere (the card-tap machine's): the form checks and shows these, and hands edits to `edit`. */
  controlled?: { values: Record<F, string>; edit: (name: F, value: string) => void };
  /** The call the form submits to: `reset` clears its error (and answer) when it goes stale. */
  call?: { error: unknown; reset: () => void };
  /**
   * The call's refusals that concern one field (a wrong SMS code, a wrong password): that field
   * is invalid, described by the form's alert, and focused, until the teller edits it.
   */
  refusals?: Partial<Record<ErrorCode, F>>;
  /** The call's answer is about all the values as typed (an identity check): any edit makes it stale. */
  staleOnAnyEdit?: boolean;
}

/**
 * Every field against its rule: the catalogue key of each broken rule (the first issue's), and
 * the parsed values, each its rule's output (a trimmed name, an RRN without its dash).
 */
export function checkFields<F extends string, R extends Rules<F>>(fields: readonly F[], rules: R, values: Record<F, string>) {
  const broken: Partial<Record<F, MessageKey>> = {};
  const parsed: Record<string, unknown> = { ...values };
  for (const name of fields) {
    const result = (rules[name] as Rule | undefined)?.safeParse(values[name]);
    if (!result) continue;
    if (result.success) parsed[name] = result.data;
    else broken[name] = validationKey(result.error.issues[0]?.message);
  }
  return { broken, parsed: parsed as Parsed<F, R> };
}

export function useForm<F extends string, R extends Rules<F>>({ initial, rules, controlled, call, refusals, staleOnAnyEdit }: FormOptions<F, R>) {
  const fields = Object.keys(initial) as F[];
  const [own, setOwn] = useState(initial);
  const values = controlled?.values ?? own;
  const [broken, setBroken] = useState<Partial<Record<F, MessageKey>>>({});
  const refs = useRef({} as Record<F, RefObject<HTMLInputElement | null>>).current;
  for (const name of fields) refs[name] ??= { current: null };
  const alertId = useId();

  const refusal = call?.error;
  const refused = refusal != null ? refusals?.[errorInfoOf(refusal).code as ErrorCode] : undefined;
  // The refused value is the next thing to fix: focus it, selected, so typing replaces it.
  useEffect(() => {
    if (!refused) return;
    refs[refused].current?.focus();
    refs[refused].current?.select();
  }, [refusal, refused, refs]);

  const set = (name: F, value: string) => (controlled ? controlled.edit(name, value) : setOwn((now) => ({ ...now, [name]: value })));

  return {
    values,
    /** Sets a value other than by the teller's typing (a password emptied after a refusal); clears nothing. */
    set,
    /** The id to give the form's ErrorAlert, so a refused field can point at it. */
    alertId,
    field: (name: F): FieldBinding => ({
      value: values[name],
      onChange: (value) => {
        set(name, value);
        if (broken[name])
          setBroken((now) => {
            const rest = { ...now };
            delete rest[name];
            return rest;
          });
        if (staleOnAnyEdit || refused === name) call?.reset();
      },
      inputRef: refs[name],
      rule: broken[name],
      refusedBy: refused === name ? alertId : undefined,
    }),
    /**
     * The form's submit handler: checks every rule, marks what is broken and focuses the first
     * such field; hands the parsed values on only when all pass.
     */
    submit: (onValid: (parsed: Parsed<F, R>) => void) => (event?: FormEvent) => {
      event?.preventDefault();
      const { broken: found, parsed } = checkFields(fields, rules, values);
      setBroken(found);
      const first = fields.find((name) => found[name]);
      if (first) return refs[first].current?.focus();
      onValid(parsed);
    },
    /** Back to the first values, with no rule broken and no refusal shown: the next customer's form. */
    reset: () => {
      setOwn(initial);
      setBroken({});
      call?.reset();
    },
  };
}
