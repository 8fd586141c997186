import { useEffect, useRef, useState } from 'react';
import type { StaffSession } from '../../shared/staff.js';
import type { IdentifyOutput } from '../../shared/customer.js';
import { CardTapPanel, type ConfirmedCard } from '../components/CardTapPanel.js';
import { JournalAlarm } from '../components/JournalAlarm.js';
import { CustomerPage } from './CustomerPage.js';
import { IdentityCheck } from './IdentityCheck.js';
import { JournalScreen } from './JournalScreen.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { useLogout } from '../api/hooks.js';
import { useI18n } from '../i18n/i18n.js';
import { useFormat } from '../i18n/format.js';

/** What a logged-in staff member sees: who is logged in, until when, and the way out. */
export function HomeScreen({ session, onLock }: { session: StaffSession; onLock: () => void }) {
  const { t } = useI18n();
  const logout = useLogout();
  const [card, setCard] = useState<ConfirmedCard | null>(null);
  // The customer being served; ending the job drops it, and every trace of them leaves the screen.
  const [served, setServed] = useState<IdentifyOutput | null>(null);
  const [journalOpen, setJournalOpen] = useState(false);
  // Closing the journal puts the teller back on the button that opened it. An effect, and the
  // parent's: it runs after the identity check's own autofocus, which would take the focus.
  const journalButton = useRef<HTMLButtonElement>(null);
  const backToJournalButton = useRef(false);
  const closeJournal = () => {
    backToJournalButton.current = true;
    setJournalOpen(false);
  };
  useEffect(() => {
    if (journalOpen || !backToJournalButton.current) return;
    backToJournalButton.current = false;
    journalButton.current?.focus();
  }, [journalOpen]);
  const until = useFormat().clock(session.expiresAt);

  return (
    <main className={journalOpen ? 'home with-journal' : 'home'}>
      <JournalAlarm session={session} />
      <section className="card home-card" aria-labelledby="home-heading">
        <h1 id="home-heading">{t('home.heading')}</h1>
        <p data-testid="welcome">{t('home.welcome', { name: session.name })}</p>
        <p>
          {session.staffId} · {t(`home.role.${session.role}`)}
        </p>
        <p>{t('home.sessionUntil', { time: until })}</p>
        <ErrorAlert error={logout.error} />
        <div className="buttons">
          {!served?.customer && !journalOpen && (
            <button
              type="button"
              onClick={() => setJournalOpen(true)}
              ref={journalButton}
            >
              {t('home.journal')}
            </button>
          )}
          <button type="button" onClick={onLock}>
            {t('home.lock')}
          </button>
          <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
            {t('home.logout')}
          </button>
        </div>
      </section>
      {journalOpen ? (
        <JournalScreen session={session} onClose={closeJournal} />
      ) : served?.customer ? (
        <CustomerPage
          customer={served.customer}
          identityCheckId={served.checkId}
          checksumWarning={served.rrnChecksumWarning}
          onEnd={() => setServed(null)}
        />
      ) : (
        <IdentityCheck onVerified={setServed} />
      )}
      {!served?.customer && !journalOpen && (
        <section className="card">
          {/* A card and reader check between customers; the card job itself opens on the customer page. */}
          <CardTapPanel onConfirm={setCard} />
          {card && (
            <p role="status" data-testid="card-confirmed">
              {t('card.confirmed', { vendorCode: card.vendorCode, serial: card.serial, source: t(`card.source.${card.source}`) })}
            </p>
          )}
        </section>
      )}
    </main>
  );
}
