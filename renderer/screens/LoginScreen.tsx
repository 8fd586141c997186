import { useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { bootFieldFocused, takeBootLogin } from '../boot-login.js';
import type { ErrorCode } from '../../shared/errors.js';
import { normaliseStaffId, passwordRule, staffIdRule } from '../../shared/login-rules.js';
import { errorInfoOf } from '../api/client.js';
import { useLogin } from '../api/hooks.js';
import { useI18n, validationKey } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';

type FieldErrors = Partial<Record<'staffId' | 'password', MessageKey>>;

/**
 * Staff login, keyboard only: the ID field has focus, Tab to the password, Enter logs in. The
 * notice says why the last session ended: a message, or an issuer's error code (the issuer ended it).
 */
export function LoginScreen({
  notice,
  noticeParams,
}: {
  notice: MessageKey | { errorCode: ErrorCode } | null;
  noticeParams?: Record<string, string>;
}) {
  const { t, error: explain } = useI18n();
  const login = useLogin();
  const [staffId, setStaffId] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const staffIdRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const ids = { staffId: useId(), password: useId(), hint: useId() };
  // What the teller typed into the page's first paint carries over, before this screen is painted:
  // every key up to now (the values are read as it commits), and the field they were in.
  const [bootField] = useState(bootFieldFocused);
  useLayoutEffect(() => {
    const typed = takeBootLogin();
    if (!typed) return;
    setStaffId(typed.staffId);
    setPassword(typed.password);
    if (bootField === 'password') passwordRef.current?.focus();
    if (typed.enterPressed) send(typed.staffId, typed.password);
  }, [bootField]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send(staffId, password);
  };
  const send = (staffId: string, password: string) => {
    // The rules the router's schema is built from (shared/login-rules.ts), without loading zod.
    const errors: FieldErrors = {};
    const staffIdBreaks = staffIdRule(staffId);
    const passwordBreaks = passwordRule(password);
    if (staffIdBreaks) errors.staffId = validationKey(staffIdBreaks);
    if (passwordBreaks) errors.password = validationKey(passwordBreaks);
    if (errors.staffId || errors.password) {
      setFieldErrors(errors);
      (errors.staffId ? staffIdRef : passwordRef).current?.focus();
      return;
    }
    setFieldErrors({});
    login.mutate({ staffId: normaliseStaffId(staffId), password }, {
      onError: () => {
        setPassword('');
        passwordRef.current?.focus();
      },
    });
  };

  const serverError = login.error ? errorInfoOf(login.error) : null;

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} noValidate aria-describedby={ids.hint}>
        <h1>{t('login.heading')}</h1>
        {notice && !serverError && (
          <p className="notice" role="status">
            {typeof notice === 'string' ? t(notice, noticeParams) : explain({ code: notice.errorCode })}
          </p>
        )}
        <p id={ids.hint} className="hint">
          {t('login.hint')}
        </p>
        <label htmlFor={ids.staffId}>{t('login.staffId')}</label>
        {/* autoFocus: focused as it mounts, not a frame later in an effect: a teller's first key lands in it. */}
        <input
          id={ids.staffId}
          ref={staffIdRef}
          name="staffId"
          autoFocus
          autoComplete="username"
          autoCapitalize="characters"
          spellCheck={false}
          value={staffId}
          aria-invalid={!!fieldErrors.staffId}
          aria-describedby={fieldErrors.staffId ? `${ids.staffId}-error` : undefined}
          onChange={(event) => setStaffId(event.target.value)}
        />
        {fieldErrors.staffId && (
          <p id={`${ids.staffId}-error`} className="field-error">
            {t(fieldErrors.staffId)}
          </p>
        )}
        <label htmlFor={ids.password}>{t('login.password')}</label>
        <input
          id={ids.password}
          ref={passwordRef}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          aria-invalid={!!fieldErrors.password}
          aria-describedby={fieldErrors.password ? `${ids.password}-error` : undefined}
          onChange={(event) => setPassword(event.target.value)}
        />
        {fieldErrors.password && (
          <p id={`${ids.password}-error`} className="field-error">
            {t(fieldErrors.password)}
          </p>
        )}
        {serverError && (
          <p className="error" role="alert" data-testid="login-error">
            {explain(serverError)}
          </p>
        )}
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? t('login.submitting') : t('login.submit')}
        </button>
        <p className="shortcut">{t('shortcut.enter')}</p>
      </form>
    </main>
  );
}
