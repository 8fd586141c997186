import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useState } from 'react';
import { takeBootLogin } from './boot-login.js';
import {
  useApi,
  useConfiguration,
  useConsoleLock,
  useIdleTimer,
  usePreferences,
  useReportActivity,
  useLiveUpdates,
  useSession,
  useStatus,
  type SessionEnd,
} from './api/hooks.js';
import { InPlay } from './components/InPlay.js';
import { StatusBar } from './components/StatusBar.js';
import { I18nProvider } from './i18n/i18n.js';
import { ConfigErrorScreen } from './screens/ConfigErrorScreen.js';
import { LockScreen } from './screens/LockScreen.js';
import { LoginScreen } from './screens/LoginScreen.js';
import type { MessageKey } from './i18n/ko.js';
import type { ErrorCode } from '../shared/errors.js';

const loadWorkspace = () => import('./screens/Workspace.js');
const Workspace = lazy(() => loadWorkspace().then(({ Workspace }) => ({ default: Workspace })));

/** What the login screen says after main ended the session; when the issuer ended it, the issuer's code says why. */
function sessionEndNotice(end: SessionEnd | null): MessageKey | { errorCode: ErrorCode } | null {
  if (!end) return null;
  if (end.reason === 'ENDED_BY_ISSUER') return { errorCode: end.issuerCode ?? 'SESSION_ENDED' };
  return end.reason === 'EXPIRED' ? 'login.sessionExpired' : 'login.loggedOut';
}

export function App() {
  const locale = usePreferences().data?.locale ?? 'ko';
  const { data: configuration, isPending } = useConfiguration();
  // The first-paint login form goes once a screen is up (the login screen took what was typed first).
  useLayoutEffect(() => {
    if (!isPending) takeBootLogin();
  }, [isPending]);
  // Nothing of the counter starts before the configuration is known to be good.
  if (isPending) return null;
  if (configuration && configuration.problems.length > 0) {
    return (
      <I18nProvider locale={locale}>
        <ConfigErrorScreen view={configuration} />
      </I18nProvider>
    );
  }
  return <Counter locale={locale} />;
}

/** The counter itself, once the configuration is known to be good. */
function Counter({ locale }: { locale: 'ko' | 'en' }) {
  const session = useSession();
  const { sessionEndedBy } = useLiveUpdates();
  const trainingMode = useStatus().data?.trainingMode ?? false;
  const [trainingOpen, setTrainingOpen] = useState(false);
  const canTrain = trainingMode && !!session.data && !session.data.locked;
  const { lock } = useConsoleLock();
  // Locking keeps the work area, out of play (hidden and inert: nothing of the customer is seen,
  // focused or read out) behind the lock screen: the same teller unlocks and finds the job as left.
  // It is the staff member's: another one taking the counter over starts it afresh (main has
  // cancelled the first one's open registrations), and a logout drops it with the session.
  const lockNow = useCallback(() => lock.mutate(), [lock.mutate]);
  const reportActivity = useReportActivity();
  useIdleTimer(session.data && !session.data.locked ? session.data.idleLockSeconds : null, lockNow, reportActivity);
  // Loaded while the teller types their ID (the schemas answers are checked against, the logged-in
  // screens), so the home screen follows the login at once.
  const api = useApi();
  useEffect(() => {
    const idle = requestIdleCallback(() => void Promise.all([api.loadSchemas(), loadWorkspace()]));
    return () => cancelIdleCallback(idle);
  }, [api]);

  return (
    <I18nProvider locale={locale}>
      <StatusBar onToggleTraining={canTrain ? () => setTrainingOpen((open) => !open) : undefined} trainingOpen={trainingOpen} />
      {session.data ? (
        <>
          {session.data.locked && <LockScreen session={session.data} />}
          <InPlay when={!session.data.locked}>
            <Suspense fallback={null}>
              <Workspace
                key={session.data.staffId}
                session={session.data}
                onLock={lockNow}
                training={canTrain && trainingOpen ? { onClose: () => setTrainingOpen(false) } : null}
              />
            </Suspense>
          </InPlay>
        </>
      ) : session.isSuccess ? (
        <LoginScreen notice={sessionEndNotice(sessionEndedBy)} />
      ) : null}
    </I18nProvider>
  );
}
