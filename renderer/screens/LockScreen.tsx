import { useEffect, useRef, useState, type FormEvent } from 'react';
import { passwordRule } from '../../shared/login-rules.js';
import type { StaffSession } from '../../shared/staff.js';
import { useConsoleLock } from '../api/hooks.js';
import { TextField } from '../components/TextField.js';
import { useI18n, validationKey } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';
import { LoginScreen } from './LoginScreen.js';
import { ErrorAlert } from '../components/ErrorAlert.js';

/**
 * An unattended counter: nothing of the customer is on screen. Only the password of the staff
 * member who was working opens it; another staff member may log in instead, which ends the first
 * session (main cancels and journals its open registration).
 */
export function LockScreen({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const { unlock } = useConsoleLock();
  const [password, setPassword] = useState('');
  const [rule, setRule] = useState<MessageKey | null>(null);
  const [switching, setSwitching] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!switching) passwordRef.current?.focus();
  }, [switching]);

  if (switching) {
    return (
      <div onKeyDown={(event) => event.key === 'Escape' && setSwitching(false)}>
        <LoginScreen notice="lock.switchNotice" noticeParams={{ name: session.name }} />
        <p className="center">
          <button type="button" onClick={() => setSwitching(false)}>
            {t('lock.back')}
          </button>
        </p>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const broken = passwordRule(password);
    if (broken) {
      setRule(validationKey(broken));
      return;
    }
    setRule(null);
    unlock.mutate(password, {
      onError: () => {
        setPassword('');
        passwordRef.current?.focus();
      },
    });
  };

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} noValidate data-testid="lock-screen">
        <h1>{t('lock.heading')}</h1>
        <p role="status">{t('lock.locked')}</p>
        <p>{t('lock.who', { name: session.name, staffId: session.staffId })}</p>
        <TextField label="lock.password" type="password" value={password} onChange={setPassword} rule={rule} inputRef={passwordRef} />
        <ErrorAlert error={unlock.error} />
        <div className="buttons">
          <button type="submit" disabled={unlock.isPending}>
            {t('lock.submit')}
          </button>
          <button type="button" onClick={() => setSwitching(true)}>
            {t('lock.switch')}
          </button>
        </div>
      </form>
    </main>
  );
}
