import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StaffSession } from '../../shared/staff.js';
import type { IdentifyOutput } from '../../shared/customer.js';
import { CardTapPanel, type ConfirmedCard } from '../components/CardTapPanel.js';
import { JournalAlarm } from '../components/JournalAlarm.js';
import { CustomerPage, type Trail } from './CustomerPage.js';
import { IdentityCheck } from './IdentityCheck.js';
import { arrivalFor, Worklists, type ForEntry } from './Worklists.js';
import { JournalScreen } from './JournalScreen.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { useApi, useLogout, useStatus } from '../api/hooks.js';
import { DayClosedPanel } from './day-end/DayClosedPanel.js';
import { DayEndScreen } from './day-end/DayEndScreen.js';
import { StockScreen } from './stock/StockScreen.js';
import { TappedCardNotice, type TappedCard } from '../components/TappedCard.js';
import { useFormat, useI18n } from '../i18n/i18n.js';
import { useDesks, type Desk } from './desks.js';
import { ParkedJobs } from './ParkedJobs.js';
import { MAX_PARKED } from './parked.js';
import { InPlay, useInPlayRef } from '../components/InPlay.js';

/**
 * The counter at 1366x768: a header line (where the teller is: customer · job · step, and who is
 * logged in, with lock and logout), then the work. Without a customer the work is the identity
 * check and the card check; with one, the customer page's two columns.
 */
export function HomeScreen({ session, onLock }: { session: StaffSession; onLock: () => void }) {
  const { t } = useI18n();
  const logout = useLogout();
  const api = useApi();
  const [card, setCard] = useState<ConfirmedCard | null>(null);
  // A card tapped between customers leads to its holder: the next customer identified sees it.
  const [tapped, setTapped] = useState<TappedCard | null>(null);
  const identitySide = useRef<HTMLDivElement>(null);
  const lookup = useMutation({
    mutationFn: (confirmed: ConfirmedCard) => api.call('card.lookup', { vendorCode: confirmed.vendorCode, serial: confirmed.serial }),
    onSuccess: (answer, confirmed) => {
      setTapped({ card: confirmed, status: answer.status, issuingInstitutionCode: answer.issuingInstitutionCode });
      identitySide.current?.querySelector<HTMLElement>('select, input')?.focus();
    },
  });
  const confirmCard = (confirmed: ConfirmedCard) => {
    setCard(confirmed);
    setTapped(null);
    lookup.mutate(confirmed);
  };
  // The customers at the counter, each at a desk of their own: the one being served, and those
  // parked (stepped away), whose pages stay mounted out of play. Ending a customer drops their desk,
  // and every trace of them leaves the screen.
  const desks = useDesks();
  const activeDesk = desks.active;
  const [journalOpen, setJournalOpen] = useState(false);
  const [dayEndOpen, setDayEndOpen] = useState(false);
  const [stockOpen, setStockOpen] = useState(false);
  // After the day-end close no customer is served until the next business date or a reopen.
  const day = useStatus().data?.day;
  const dayClosed = day?.state === 'CLOSED' ? day : null;
  // A worklist entry taken to the identity check, and what its check made of it on the customer page.
  const [forEntry, setForEntry] = useState<ForEntry | null>(null);
  const verified = (result: IdentifyOutput, askedAt: number) => {
    if (!result.customer) return;
    desks.serve({ served: result, customer: result.customer, askedAt, tapped, arrival: arrivalFor(forEntry, result.customer.customerRef) });
    setForEntry(null);
    setTapped(null);
    setCard(null);
  };
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
  const customer = activeDesk?.customer;
  const trail = activeDesk?.trail ?? { job: null, step: null };
  // F8 opens the card stock from the home screen (on a customer's page F8 is the page's own key).
  const stockButton = useRef<HTMLButtonElement>(null);
  const stockOffered = !activeDesk && !journalOpen && !dayEndOpen && !stockOpen && !dayClosed;
  const inPlay = useInPlayRef();
  useEffect(() => {
    if (!stockOffered) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F8' || event.defaultPrevented || !inPlay.current) return;
      event.preventDefault();
      setStockOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stockOffered]);
  const closeStock = () => {
    setStockOpen(false);
    setTimeout(() => stockButton.current?.focus());
  };
  const where = journalOpen
    ? [t('journal.heading')]
    : dayEndOpen
      ? [t('dayEnd.open')]
      : stockOpen
      ? [t('stock.heading')]
      : customer
      ? [t('customer.heading', { name: customer.name }), trail.job, trail.step]
      : dayClosed
      ? [t('dayEnd.closedHeading', { date: dayClosed.businessDate })]
      : [t('home.noCustomer')];

  return (
    <main className="counter">
      <header className="counter-header">
        <p className="trail" data-testid="trail">
          {where.filter(Boolean).join(' · ')}
        </p>
        <ErrorAlert error={logout.error} />
        <p className="staff">
          <span data-testid="welcome">{t('home.staff', { name: session.name, staffId: session.staffId, role: t(`home.role.${session.role}`) })}</span>
          <span className="hint">{t('home.sessionUntil', { time: until })}</span>
        </p>
        {!activeDesk && !journalOpen && !dayEndOpen && !stockOpen && (
          <>
            <button type="button" onClick={() => setJournalOpen(true)} ref={journalButton}>
              {t('home.journal')}
            </button>
            {!dayClosed && (
              <button type="button" ref={stockButton} aria-keyshortcuts="F8" onClick={() => setStockOpen(true)}>
                {t('stock.open')}
              </button>
            )}
            {!dayClosed && (
              <button type="button" onClick={() => setDayEndOpen(true)}>
                {t('dayEnd.open')}
              </button>
            )}
          </>
        )}
        <button type="button" onClick={onLock}>
          {t('home.lock')}
        </button>
        <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
          {t('home.logout')}
        </button>
      </header>
      <JournalAlarm session={session} />
      {journalOpen ? (
        <JournalScreen session={session} onClose={closeJournal} />
      ) : dayEndOpen ? (
        <DayEndScreen onClose={() => setDayEndOpen(false)} parked={desks.parkedEntries.length} />
      ) : stockOpen ? (
        <StockScreen onClose={closeStock} />
      ) : dayClosed ? (
        <DayClosedPanel day={dayClosed} />
      ) : activeDesk ? null : (
        <div className="counter-columns">
          <div className="column" ref={identitySide}>
            <IdentityCheck onVerified={verified} forEntry={forEntry} onDropFor={() => setForEntry(null)} />
          </div>
          <div className="column">
            <section className="card">
              {/* A card tapped between customers: its state now, its holder after the identity check. */}
              <CardTapPanel onConfirm={confirmCard} />
              {card && (
                <p role="status" data-testid="card-confirmed">
                  {t('card.confirmed', { vendorCode: card.vendorCode, serial: card.serial, source: t(`card.source.${card.source}`) })}
                </p>
              )}
              <ErrorAlert error={lookup.error} />
              {tapped && <TappedCardNotice tapped={tapped} />}
            </section>
            <ParkedJobs
              entries={desks.parkedEntries}
              onResume={desks.resume}
              onDiscard={desks.discard}
              discardError={desks.discardError}
              discarded={desks.discarded}
            />
            <Worklists onIdentify={setForEntry} />
          </div>
        </div>
      )}
      {desks.list.map((desk) => (
        <DeskPage
          key={desk.id}
          desk={desk}
          inPlay={desk === activeDesk && !journalOpen && !dayEndOpen && !dayClosed}
          alsoParked={desk === activeDesk && desks.list.some((other) => other !== desk && other.parkedAt !== null && other.customer.customerRef === desk.customer.customerRef)}
          onTrail={desks.setTrail}
          onOpenRegistration={desks.setRegistration}
          onPark={desks.park}
          onEnd={desks.end}
        />
      ))}
    </main>
  );
}

/** One customer's page, in play while served, kept out of play while parked. */
function DeskPage(props: {
  desk: Desk;
  inPlay: boolean;
  /** The same customer has a job parked too: the teller may mean to resume it instead. */
  alsoParked: boolean;
  onTrail: (id: string, trail: Trail) => void;
  onOpenRegistration: (id: string, registrationId: string | null) => void;
  onPark: (id: string) => void;
  onEnd: (id: string) => void;
}) {
  const { t } = useI18n();
  const { desk, onTrail, onOpenRegistration } = props;
  const { id, arrival } = desk;
  const trail = useCallback((to: Trail) => onTrail(id, to), [id, onTrail]);
  const registration = useCallback((registrationId: string | null) => onOpenRegistration(id, registrationId), [id, onOpenRegistration]);
  return (
    <InPlay when={props.inPlay}>
      {arrival.otherThan && (
        <p className="warning" role="status" data-testid="worklist-other-customer">
          {t('worklist.otherCustomer', { name: arrival.otherThan })}
        </p>
      )}
      {props.alsoParked && (
        <p className="warning" role="status" data-testid="park-also-parked">
          {t('park.alsoParked')}
        </p>
      )}
      {desk.parkRefused && (
        <p className="warning" role="status" data-testid="park-full">
          {t('park.full', { max: MAX_PARKED })}
        </p>
      )}
      <CustomerPage
        customer={desk.customer}
        identityCheckId={desk.served.checkId}
        checksumWarning={desk.served.rrnChecksumWarning}
        tappedCard={desk.tapped}
        focusDeviceId={arrival.focusDeviceId}
        onTrail={trail}
        onOpenRegistration={registration}
        onPark={() => props.onPark(id)}
        onEnd={() => props.onEnd(id)}
      />
    </InPlay>
  );
}
