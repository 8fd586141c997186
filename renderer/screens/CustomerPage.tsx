import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Customer, ReportLossOutput } from '../../shared/customer.js';
import type { Device, Notified } from '../../issuer-api/schemas.js';
import { NotifiedLine } from '../components/Notified.js';
import { cardRefusal, deviceJobRefusal, digitalOtpRefusal, type Refusal } from '../../shared/offers.js';
import { useApi, useStatus } from '../api/hooks.js';
import { useIdempotentMutation } from '../api/idempotent.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import type { ConfirmedCard } from '../components/CardTapPanel.js';
import { isTappedCard, TappedCardHolder, useTappedCardHolder, type TappedCard } from '../components/TappedCard.js';
import { useInPlayRef } from '../components/InPlay.js';
import { useFormat, useI18n, type Translator } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/ko.js';
import { CardJob } from './CardJob.js';
import { CardReplacement } from './CardReplacement.js';
import { maskName } from '../../issuer-api/domain.js';
import { LossReceiptSlip, printSlip } from '../components/Slip.js';
import { DigitalOtpWizard } from './digital-otp/DigitalOtpWizard.js';
import { describeDevice, deviceStatusLabel, LossReport } from './LossReport.js';
import { SUPERVISED_KEYS, SupervisedJob, type SupervisedAction } from './SupervisedJob.js';
import { Termination, TerminationReceipt, type TerminationDone } from './Termination.js';
import { MobileChange, MobileChangeReceipt, type MobileChangeDone } from './MobileChange.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';

/** Where the teller is, for the header line: the open job and its step. */
export interface Trail {
  job: string | null;
  step: string | null;
}

/** What an open job tells the page about itself as it goes. */
export interface JobProgress {
  step: MessageKey;
  /** Done: dropping it now loses nothing. */
  finished: boolean;
  /** A Digital OTP registration whose SMS has gone out (no app code yet): dropping the job cancels it at the issuer. */
  registrationId?: string;
}

/** What the customer page gives a job of its own (the Digital OTP wizard, the card job). */
export interface CustomerJobProps {
  customer: Customer;
  identityCheckId: string;
  onProgress: (progress: JobProgress) => void;
  /** The issuer changed a device (an app activated, a card enrolled): the device list is out of date. */
  onDevicesChanged: (deviceId: string) => void;
  onClose: () => void;
}

/** A device as a job that texted the customer answers it. */
type NotifiedDevice = Device & { notified?: Notified };

/** The one job open on the customer: the right-hand column. */
type Job =
  | { kind: 'otp'; mobile?: string }
  | { kind: 'card'; tapped?: ConfirmedCard }
  | { kind: 'loss'; device: Device }
  | { kind: 'replace'; device: Device }
  | { kind: 'terminate'; device: Device }
  | { kind: 'mobile' }
  | { kind: 'supervised'; action: SupervisedAction; device: Device };

/** What a finished job leaves in its column until the next one: a receipt to read out or print. */
type Outcome =
  | { kind: 'loss'; receipt: ReportLossOutput }
  | { kind: 'supervised'; action: SupervisedAction; device: NotifiedDevice }
  | { kind: 'terminate'; done: TerminationDone }
  | { kind: 'mobile'; done: MobileChangeDone };

const JOB_TITLE = {
  otp: 'otp.heading',
  card: 'cardJob.heading',
  loss: 'loss.heading',
  replace: 'replace.heading',
  terminate: 'termination.heading',
  mobile: 'mobile.heading',
} as const satisfies Record<Exclude<Job['kind'], 'supervised'>, MessageKey>;

/**
 * The verified customer, in two fixed columns: on the left their masked identity, what can be
 * done for them and every device they have, at every institution; on the right the one job open.
 * Esc closes the innermost thing only: a dialog (its own), else the job under way, else the
 * customer, whose every trace then leaves the screen (a finished job's receipt is no layer of its
 * own). Focus is never left on nothing: when what had it goes away, the job's next action (or the
 * job buttons) takes it.
 */
export function CustomerPage(props: {
  customer: Customer;
  identityCheckId: string;
  checksumWarning: boolean;
  /** A card tapped before the identity check: the page says whether it is the customer's. */
  tappedCard: TappedCard | null;
  /** A device brought from the worklist: its row has focus first, so its function key is one press away. */
  focusDeviceId?: string | undefined;
  onTrail: (trail: Trail) => void;
  onEnd: () => void;
  /** The customer steps away: the page is kept, out of view, to be resumed from the home screen (F10). */
  onPark?: () => void;
  /** The registration a job of this page has texted the customer for, while that job is open: discarding a parked page cancels it. */
  onOpenRegistration?: (registrationId: string | null) => void;
}) {
  const { checksumWarning, onEnd, onTrail, tappedCard } = props;
  // The numbers on record follow a number change at this visit (the issuer's masked answer).
  const [mobileNumbers, setMobileNumbers] = useState(props.customer.mobileNumbers);
  const customer = useMemo(() => ({ ...props.customer, mobileNumbers }), [props.customer, mobileNumbers]);
  const { t } = useI18n();
  const format = useFormat();
  const api = useApi();
  const ourInstitution = useStatus().data?.terminal.institutionCode;
  const customerSide = useRef<HTMLElement>(null);
  const jobSide = useRef<HTMLElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const queryClient = useQueryClient();
  const devicesKey = ['customer.devices', customer.customerRef];
  const devices = useQuery({
    queryKey: devicesKey,
    queryFn: () => api.call('customer.devices', { customerRef: customer.customerRef }),
    initialData: customer.devices,
  });
  // The list follows every answer of the issuer that changed a device, at once, with that row marked.
  const [changed, setChanged] = useState<string | null>(null);
  const changedHint = useId();
  const devicesChanged = (deviceId: string) => {
    setChanged(deviceId);
    void queryClient.invalidateQueries({ queryKey: devicesKey });
  };
  // A stock card tapped first is issued to this customer: its job opens with it. Any other card
  // leads here to its holder, whom the issuer names.
  const tappedInStock = tappedCard?.status === 'IN_STOCK' && tappedCard.issuingInstitutionCode === ourInstitution;
  const holder = useTappedCardHolder(customer.customerRef, tappedCard && !tappedInStock ? tappedCard : null);
  const isTappedRow = (device: Device) => holder.data?.holderMatches === true && isTappedCard(device, tappedCard);
  const [job, setJob] = useState<Job | null>(tappedInStock ? { kind: 'card', tapped: tappedCard.card } : null);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const cancelRegistration = useIdempotentMutation((registrationId: string, idempotencyKey) =>
    api.call('otp.cancel', { registrationId, idempotencyKey }),
  );
  // Another job asked for while one is under way: the teller confirms dropping it first.
  const [switching, setSwitching] = useState<{ next: Job; from: HTMLElement | null } | null>(null);
  const open = (next: Job, from: HTMLElement | null) => {
    opener.current = from;
    setChanged(null);
    setOutcome(null);
    setProgress(null);
    cancelRegistration.reset();
    setJob(next);
  };
  /** The one way a job ends: a registration whose SMS has gone out is cancelled at the issuer. */
  const close = () => {
    if (progress?.registrationId) cancelRegistration.mutate(progress.registrationId);
    setJob(null);
  };

  /** One job at a time: opening another while one is under way asks to cancel it. */
  const request = (next: Job) => {
    const from = document.activeElement instanceof HTMLElement ? document.activeElement : null; // focus comes back here
    if (job && sameJob(job, next)) return;
    if (job && !progress?.finished) setSwitching({ next, from });
    else {
      if (job) close();
      open(next, from);
    }
  };
  // After a number change, the Digital OTP job (F2) starts on the new number.
  const otpJob: Job = outcome?.kind === 'mobile' ? { kind: 'otp', mobile: outcome.done.newMobile } : { kind: 'otp' };
  const titleOf = (of: Job) => t(of.kind === 'supervised' ? SUPERVISED_KEYS[of.action].heading : JOB_TITLE[of.kind]);
  const jobTitle = job && titleOf(job);
  const stepTitle = job && progress ? t(progress.step) : null;
  useEffect(() => onTrail({ job: jobTitle, step: stepTitle }), [onTrail, jobTitle, stepTitle]);
  useEffect(() => () => onTrail({ job: null, step: null }), [onTrail]);
  const openRegistration = (job && progress?.registrationId) || null;
  const { onOpenRegistration } = props;
  useEffect(() => onOpenRegistration?.(openRegistration), [onOpenRegistration, openRegistration]);

  // The job buttons are the first thing to do for a customer just identified. Focus, keys and the
  // guard are in place as the page appears (layout effects): a key typed at once is not lost.
  const firstJobAction = () =>
    customerSide.current?.querySelector<HTMLElement>('.job-actions button:not(:disabled)') ?? customerSide.current?.querySelector('button') ?? null;
  useLayoutEffect(() => {
    const row = props.focusDeviceId ? customerSide.current?.querySelector<HTMLElement>(`tr[data-device-id="${CSS.escape(props.focusDeviceId)}"]`) : null;
    (row ?? firstJobAction())?.focus();
  }, []);
  // Whatever had focus went away (a step done, a job closed, a button disabled): the next action takes it.
  useLayoutEffect(() => {
    const nextAction = () =>
      jobSide.current?.querySelector<HTMLElement>('input:not(:disabled), select:not(:disabled), button:not(:disabled)') ??
      (opener.current?.isConnected && !opener.current.matches(':disabled') ? opener.current : firstJobAction());
    const guard = () => {
      if (inPlay.current && (document.activeElement === null || document.activeElement === document.body)) nextAction()?.focus();
    };
    const observer = new MutationObserver(guard);
    observer.observe(customerSide.current!.parentElement!, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
    return () => observer.disconnect();
  }, []);

  // Parked, or behind the lock: the page answers no key and takes no focus.
  const inPlay = useInPlayRef();
  const onEscape = useRef(() => {});
  onEscape.current = () => {
    if (switching) setSwitching(null); // keeps the job, as the dialog's own Esc does
    else if (job) close();
    else onEnd();
  };
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !inPlay.current) return;
      // A dialog or panel that handled Esc itself marked it; the page takes the rest.
      if (event.key === 'Escape') onEscape.current();
      else if ((SHORTCUTS as readonly string[]).includes(event.key) && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
        event.preventDefault();
        // A dialog is answered first: no job opens behind it.
        if (!document.querySelector('dialog[open], [aria-modal="true"]')) pressShortcut(customerSide.current!, event.key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="counter-columns" data-testid="customer-page">
      <section className="column customer-side" ref={customerSide} aria-labelledby="customer-heading">
        <div className="customer-title">
          <h2 id="customer-heading">
            {t('customer.heading', { name: customer.name })}
          </h2>
          {props.onPark && (
            <button type="button" aria-keyshortcuts="F10" onClick={props.onPark} data-testid="park-button">
              {t('park.action')}
            </button>
          )}
          <button type="button" onClick={onEnd}>
            {t('customer.end')}
          </button>
        </div>
        <dl className="customer-facts">
          <dt>{t('customer.rrn')}</dt>
          <dd>{customer.maskedRrn}</dd>
          <dt>{t('customer.type')}</dt>
          <dd>{t(`customer.type.${customer.customerType}`)}</dd>
          <dt>{t('customer.mobiles')}</dt>
          <dd>{customer.mobileNumbers.join(', ') || '—'}</dd>
        </dl>
        {checksumWarning && <p className="warning">{t('identity.checksumWarning')}</p>}
        {tappedCard && !tappedInStock && <TappedCardHolder tapped={tappedCard} holder={holder} />}
        {/* What cannot be done for this customer stays in view, disabled, with the issuer's reason. */}
        <div className="job-actions">
          <Offered label={t('otp.open')} shortcut="F2" refusal={digitalOtpRefusal(customer.customerType)} onClick={() => request(otpJob)} />
          <Offered
            label={t('cardJob.open')}
            shortcut="F3"
            refusal={ourInstitution ? cardRefusal(devices.data, ourInstitution) : null}
            onClick={() => request({ kind: 'card' })}
          />
          <Offered label={t('mobile.open')} refusal={null} onClick={() => request({ kind: 'mobile' })} />
        </div>
        <h3>{t('customer.devices')}</h3>
        {devices.data.length === 0 ? (
          <p>{t('customer.noDevices')}</p>
        ) : (
          <table className="devices" data-testid="devices">
            <thead>
              <tr>
                <th scope="col">{t('device.kind')}</th>
                <th scope="col">{t('device.institution')}</th>
                <th scope="col">{t('device.status')}</th>
                <th scope="col">{t('device.failCount')}</th>
                <th scope="col">{t('device.detail')}</th>
                <th scope="col">{t('device.registeredAt')}</th>
                <th scope="col">{t('device.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {devices.data.map((device) => (
                <tr
                  key={device.deviceId}
                  data-device-id={device.deviceId}
                  tabIndex={device.deviceId === props.focusDeviceId ? -1 : undefined}
                  className={changed === device.deviceId || isTappedRow(device) ? 'just-changed' : undefined}
                  aria-describedby={changed === device.deviceId ? changedHint : undefined}
                >
                  <td>
                    {t(`device.kind.${device.kind}`)}
                    {isTappedRow(device) && <span className="field-badge">{t('tapped.row')}</span>}
                  </td>
                  <td>{device.institutionCode}</td>
                  <td className={`device-status status-${device.status.toLowerCase()}`}>{deviceStatusLabel(t, device)}</td>
                  <td>{`${device.failCount} / ${device.maxFail}`}</td>
                  <td>{device.maskedMobile ?? (device.vendorCode ? `${device.vendorCode} · ${device.maskedSerial}` : '')}</td>
                  <td>{format.date(device.registeredAt)}</td>
                  <td>
                    <Offered
                      small
                      label={t('loss.action')}
                      shortcut="F4"
                      about={describeDevice(t, device)}
                      refusal={deviceJobRefusal('LOSS_REPORT', device)}
                      onClick={() => request({ kind: 'loss', device })}
                    />
                    {ourInstitution && !deviceJobRefusal('CARD_REPLACEMENT', device, ourInstitution) && (
                      <RowAction
                        label={t('replace.action')}
                        shortcut="F3"
                        about={describeDevice(t, device)}
                        onClick={() => request({ kind: 'replace', device })}
                      />
                    )}
                    {/* A device that has ended says so in its status: a second disabled offer would only repeat it. */}
                    {device.status !== 'REVOKED' && device.status !== 'REPLACED' && (
                      <Offered
                        small
                        label={t('termination.action')}
                        shortcut="F9"
                        about={describeDevice(t, device)}
                        refusal={deviceJobRefusal('TERMINATION', device, ourInstitution)}
                        onClick={() => request({ kind: 'terminate', device })}
                      />
                    )}
                    {!deviceJobRefusal('DEVICE_UNLOCK', device) && (
                      <RowAction
                        label={t('unlock.action')}
                        shortcut="F8"
                        about={describeDevice(t, device)}
                        onClick={() => request({ kind: 'supervised', action: 'DEVICE_UNLOCK', device })}
                      />
                    )}
                    {!deviceJobRefusal('LOSS_REPORT_RELEASE', device) && (
                      <RowAction
                        label={t('release.action')}
                        shortcut="F8"
                        about={describeDevice(t, device)}
                        onClick={() => request({ kind: 'supervised', action: 'LOSS_REPORT_RELEASE', device })}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <span id={changedHint} hidden>
          {t('device.justChanged')}
        </span>
      </section>
      <section className="column job-side" ref={jobSide} aria-label={jobTitle ?? t('job.none')} data-testid="job-side">
        {job?.kind === 'card' && (
          <CardJob
            {...(job.tapped && { tapped: job.tapped })}
            customer={customer}
            identityCheckId={props.identityCheckId}
            onProgress={setProgress}
            onDevicesChanged={devicesChanged}
            onClose={close}
          />
        )}
        {job?.kind === 'replace' && (
          <CardReplacement
            key={job.device.deviceId}
            oldDevice={job.device}
            customer={customer}
            identityCheckId={props.identityCheckId}
            onProgress={setProgress}
            onDevicesChanged={devicesChanged}
            onClose={close}
          />
        )}
        {job?.kind === 'otp' && (
          <DigitalOtpWizard
            mobile={job.mobile}
            customer={{ ...customer, devices: devices.data }}
            identityCheckId={props.identityCheckId}
            onProgress={setProgress}
            onDevicesChanged={devicesChanged}
            onClose={close}
          />
        )}
        {job?.kind === 'supervised' && (
          <SupervisedJob
            key={`${job.action}:${job.device.deviceId}`}
            action={job.action}
            customer={customer}
            identityCheckId={props.identityCheckId}
            device={job.device}
            onCancel={close}
            onDone={(device) => {
              close();
              setOutcome({ kind: 'supervised', action: job.action, device });
              devicesChanged(device.deviceId);
            }}
          />
        )}
        {job?.kind === 'loss' && (
          <LossReport
            key={job.device.deviceId}
            customerName={customer.name}
            customerRef={customer.customerRef}
            device={job.device}
            onCancel={close}
            onDone={(receipt) => {
              close();
              setOutcome({ kind: 'loss', receipt });
              devicesChanged(receipt.device.deviceId);
            }}
          />
        )}
        {job?.kind === 'terminate' && (
          <Termination
            key={job.device.deviceId}
            customer={customer}
            identityCheckId={props.identityCheckId}
            device={job.device}
            devices={devices.data}
            onStale={devicesChanged}
            onCancel={close}
            onDone={(done) => {
              close();
              setOutcome({ kind: 'terminate', done });
              devicesChanged(done.deviceId);
            }}
          />
        )}
        {job?.kind === 'mobile' && (
          <MobileChange
            customer={customer}
            identityCheckId={props.identityCheckId}
            onCancel={close}
            onDone={(done) => {
              close();
              setMobileNumbers(done.mobileNumbers);
              setOutcome({ kind: 'mobile', done });
            }}
          />
        )}
        {!job && outcome?.kind === 'supervised' && (
          <p className="receipt" role="status" data-testid="supervised-done">
            {outcome.action === 'DEVICE_UNLOCK'
              ? t('unlock.done', { device: describeDevice(t, outcome.device), failCount: outcome.device.failCount, maxFail: outcome.device.maxFail })
              : t('release.done', { device: describeDevice(t, outcome.device), status: deviceStatusLabel(t, outcome.device) })}{' '}
            {outcome.action === 'LOSS_REPORT_RELEASE' && outcome.device.status === 'RESTRICTED' ? t('release.stillRestricted') : ''}
          </p>
        )}
        {!job && outcome?.kind === 'supervised' && <NotifiedLine notified={outcome.device.notified} />}
        {!job && outcome?.kind === 'loss' && <LossReceipt customer={customer} receipt={outcome.receipt} />}
        {!job && outcome?.kind === 'terminate' && <TerminationReceipt customer={customer} done={outcome.done} />}
        {!job && outcome?.kind === 'mobile' && (
          <MobileChangeReceipt
            done={outcome.done}
            devices={devices.data}
            onReregister={digitalOtpRefusal(customer.customerType) ? null : () => request(otpJob)}
          />
        )}
        {!job && !outcome && <p className="hint job-idle">{t('job.idle')}</p>}
        <ErrorAlert error={cancelRegistration.error} />
      </section>
      {switching && job && (
        <SwitchJobDialog
          current={titleOf(job)}
          next={titleOf(switching.next)}
          smsSent={!!progress?.registrationId}
          onConfirm={() => {
            setSwitching(null);
            close();
            open(switching.next, switching.from);
          }}
          onKeep={() => {
            setSwitching(null);
            if (switching.from?.isConnected) switching.from.focus();
          }}
        />
      )}
    </div>
  );
}

const sameJob = (a: Job, b: Job) =>
  a.kind === b.kind && ('device' in a ? a.device.deviceId : null) === ('device' in b ? b.device.deviceId : null) && ('action' in a ? a.action : null) === ('action' in b ? b.action : null);

/**
 * Asks before the job under way is dropped for another; says so when the customer already has the
 * registration's SMS (confirming cancels that registration at the issuer). Focus starts on going
 * ahead (the teller asked for it); Esc keeps the job.
 */
function SwitchJobDialog(props: { current: string; next: string; smsSent: boolean; onConfirm: () => void; onKeep: () => void }) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      heading={t('job.switch.heading')}
      confirm={t('job.switch.confirm', { next: props.next })}
      keep={t('job.switch.keep')}
      onConfirm={props.onConfirm}
      onKeep={props.onKeep}
      testId="switch-job-dialog"
    >
      <p>{t('job.switch.text', { current: props.current, next: props.next })}</p>
      {props.smsSent && <p className="warning">{t('job.switch.smsSent')}</p>}
    </ConfirmDialog>
  );
}

function LossReceipt({ customer, receipt }: { customer: Customer; receipt: ReportLossOutput }) {
  const { t } = useI18n();
  const format = useFormat();
  const reason = receipt.device.lossReason;
  const device = describeDevice(t, receipt.device);
  const text = t(reason ? `loss.receipt.${reason}` : 'loss.receipt', { device, receiptNo: receipt.receiptNo, time: format.dateTime(receipt.reportedAt) });
  return (
    <>
      <p className="receipt" role="status" data-testid="loss-receipt">
        {text}
      </p>
      <NotifiedLine notified={receipt.notified} />
      <button type="button" onClick={printSlip}>
        {t('slip.printReceipt')}
      </button>
      <LossReceiptSlip
        maskedName={maskName(customer.name)}
        mobile={customer.mobileNumbers[0] ?? '—'}
        device={device}
        receiptNo={receipt.receiptNo}
        reportRef={receipt.reportRef}
        reportedAt={receipt.reportedAt}
        {...(reason && { reason })}
      />
    </>
  );
}

/** An action offered, or shown disabled with the reason the issuer would give for refusing it. */
/**
 * A button's name for a screen reader: its visible label first (so a person who says or sees
 * "분실 해제" finds it), then the device it acts on when the row does not say it.
 */
function nameOf(t: Translator['t'], label: string, about: string | undefined) {
  return about ? t('device.actionOn', { action: label, device: about }) : undefined;
}

function Offered(props: { label: string; about?: string; shortcut?: Shortcut; refusal: Refusal | null; small?: boolean; onClick: () => void }) {
  const { t, error: explain } = useI18n();
  const reasonId = useId();
  const { refusal } = props;
  return (
    <span className="offer">
      <button
        type="button"
        className={props.small ? 'small' : undefined}
        aria-label={nameOf(t, props.label, props.about)}
        aria-keyshortcuts={props.shortcut}
        disabled={!!refusal}
        aria-describedby={refusal ? reasonId : undefined}
        onClick={props.onClick}
      >
        {props.shortcut ? `${props.label} (${props.shortcut})` : props.label}
      </button>
      {refusal && (
        <span id={reasonId} className="offer-reason" data-testid="offer-reason">
          {refusal.code === 'INVALID_DEVICE_STATE'
            ? t('offer.deviceState', { status: deviceStatusLabel(t, refusal) })
            : refusal.code === 'NOT_REGISTERED_HERE' // the row names the institution; the issuer's full sentence would crowd it
              ? t('offer.notRegisteredHere')
              : explain({ code: refusal.code })}
        </span>
      )}
    </span>
  );
}

/** A device row's action: a short label on screen, the device named in full for a screen reader. */
function RowAction({ label, about, shortcut, onClick }: { label: string; about: string; shortcut: Shortcut; onClick: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="small" aria-label={nameOf(t, label, about)} aria-keyshortcuts={shortcut} onClick={onClick}>
      {`${label} (${shortcut})`}
    </button>
  );
}

/**
 * The function keys of the customer page, each on its buttons (`aria-keyshortcuts`, and the key in
 * the label): F2 Digital OTP (on the new number right after a number change), F3 Smart OTP card
 * (issue or register; on a card registered here, replace it: a customer has one card per
 * institution, so only one of them is ever offered), F4 loss report, F8 unlock or release
 * (supervisor), F9 termination, F10 park (the customer steps away; resumed from the home screen).
 * None the browser needs (F5 reload, F6 address bar, F7 caret browsing, F11, F12).
 */
const SHORTCUTS = ['F2', 'F3', 'F4', 'F8', 'F9', 'F10'] as const;
type Shortcut = (typeof SHORTCUTS)[number];

/**
 * Does what the key's button does: the one of the focused device row, or the only one there is;
 * with several devices to choose from, focus goes to the first and the teller picks (Tab, Enter).
 */
function pressShortcut(page: HTMLElement, key: string) {
  const buttons = [...page.querySelectorAll<HTMLButtonElement>(`button[aria-keyshortcuts="${key}"]:not(:disabled)`)];
  const target = buttons.find((b) => b.closest('tr')?.contains(document.activeElement)) ?? (buttons.length === 1 ? buttons[0] : undefined);
  if (target) target.click();
  else buttons[0]?.focus();
}
