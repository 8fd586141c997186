import { usePreferences, useLiveUpdates, useSession } from './api/hooks.js';
import { StatusBar } from './components/StatusBar.js';
import { I18nProvider } from './i18n/i18n.js';
import { HomeScreen } from './screens/HomeScreen.js';
import { LoginScreen } from './screens/LoginScreen.js';

export function App() {
  const locale = usePreferences().data?.locale ?? 'ko';
  const session = useSession();
  const { sessionEndedBy } = useLiveUpdates();

  return (
    <I18nProvider locale={locale}>
      <StatusBar />
      {session.data ? (
        <HomeScreen session={session.data} />
      ) : session.isSuccess ? (
        <LoginScreen
          notice={sessionEndedBy === 'EXPIRED' ? 'login.sessionExpired' : sessionEndedBy === 'LOGGED_OUT' ? 'login.loggedOut' : null}
        />
      ) : null}
    </I18nProvider>
  );
}
