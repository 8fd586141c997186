import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { ChannelOutput } from '../../shared/contract.js';
import { useApi } from '../api/hooks.js';
import { useIdempotentMutation } from '../api/idempotent.js';
import { useIssuerNow } from '../api/issuer-clock.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { useFormat, useI18n } from '../i18n/i18n.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';

type PendingActivation = ChannelOutput<'worklist.pendingActivations'>['items'][number];
type RestrictedDevice = ChannelOutput<'worklist.restrictedDevices'>['items'][number];

/** A worklist entry the teller took to the identity check: what the check's "for" line names. */
export interface ForEntry {
  maskedName: string;
  /** The device as the teller reads it (`디지털OTP`, `010-****-5678`). */
  device: string;
  /** A restricted device's holder and device: a match opens their page on that device's row. */
  customerRef?: string;
  deviceId?: string;
}

/** While shown, the lists follow the issuer this often; they also refresh on showing (after every customer). */
const REFRESH_MS = 60_000;

/**
 * The branch's worklists, between customers: Digital OTP app codes issued and not yet used, and
 * devices restricted after too many wrong OTPs. Each list is one stop for Tab; the arrow keys move
 * within it, Enter takes the entry to the identity check, Delete cancels a pending registration.
 */
export function Worklists({ onIdentify }: { onIdentify: (entry: ForEntry) => void }) {
  const { t } = useI18n();
  const format = useFormat();
  const api = useApi();
  const now = useIssuerNow();
  const pending = useQuery({
    queryKey: ['worklist.pendingActivations'],
    queryFn: () => api.call('worklist.pendingActivations', {}),
    refetchInterval: REFRESH_MS,
    refetchOnMount: 'always',
  });
  const restricted = useQuery({
    queryKey: ['worklist.restrictedDevices'],
    queryFn: () => api.call('worklist.restrictedDevices', {}),
    refetchInterval: REFRESH_MS,
    refetchOnMount: 'always',
  });
  const refresh = () => Promise.all([pending.refetch(), restricted.refetch()]);
  const [cancelling, setCancelling] = useState<PendingActivation | null>(null);
  const cancel = useIdempotentMutation((entry: PendingActivation, idempotencyKey) =>
    api.call('otp.cancel', { registrationId: entry.registrationId, idempotencyKey }),
  );
  const confirmCancel = (entry: PendingActivation) => {
    setCancelling(null);
    // Refused or done, the list shows the issuer's state now.
    cancel.mutate(entry, { onSettled: () => void pending.refetch() });
  };
  const kindOf = (device: RestrictedDevice) => t(`device.kind.${device.kind}`);

  return (
    <section className="worklists" aria-labelledby="worklists-heading" data-testid="worklists">
      <div className="worklists-title">
        <h2 id="worklists-heading">{t('worklist.heading')}</h2>
        <button type="button" className="small" onClick={() => void refresh()} disabled={pending.isFetching || restricted.isFetching}>
          {t('worklist.refresh')}
        </button>
      </div>
      <Worklist
        title={t('worklist.pending.heading')}
        testId="worklist-pending"
        items={pending.data?.items}
        error={pending.error}
        empty={t('worklist.pending.empty')}
        keyOf={(entry) => entry.registrationId}
        render={(entry) => {
          const minutes = Math.max(0, Math.ceil((Date.parse(entry.appCodeExpiresAt) - now) / 60_000));
          return (
            <>
              <span>{entry.maskedName}</span>
              <span>{entry.maskedMobile}</span>
              <span>{t('worklist.pending.staff', { staffId: entry.staffId })}</span>
              <span>{t('worklist.pending.expires', { minutes, time: format.clock(entry.appCodeExpiresAt) })}</span>
            </>
          );
        }}
        onEnter={(entry) => onIdentify({ maskedName: entry.maskedName, device: entry.maskedMobile })}
        second={{ key: 'Delete', label: t('worklist.pending.cancel'), act: (entry) => setCancelling(entry) }}
      />
      {cancel.error && <ErrorAlert error={cancel.error} testId="worklist-cancel-error" />}
      {cancel.isSuccess && !cancel.isPending && (
        <p role="status" className="hint" data-testid="worklist-cancelled">
          {t('worklist.pending.cancelled', { name: cancel.variables.maskedName, mobile: cancel.variables.maskedMobile })}
        </p>
      )}
      <Worklist
        title={t('worklist.restricted.heading')}
        testId="worklist-restricted"
        items={restricted.data?.items}
        error={restricted.error}
        empty={t('worklist.restricted.empty')}
        keyOf={(entry) => entry.deviceId}
        render={(entry) => (
          <>
            <span>{entry.maskedName}</span>
            <span>{kindOf(entry)}</span>
            <span>{t('worklist.restricted.fails', { count: entry.failCount })}</span>
            <span>{t('worklist.restricted.since', { time: `${format.date(entry.since)} ${format.clock(entry.since)}` })}</span>
          </>
        )}
        onEnter={(entry) => onIdentify({ maskedName: entry.maskedName, device: kindOf(entry), customerRef: entry.customerRef, deviceId: entry.deviceId })}
      />
      {cancelling && <CancelDialog entry={cancelling} onConfirm={() => confirmCancel(cancelling)} onKeep={() => setCancelling(null)} />}
    </section>
  );
}

/**
 * One worklist: a listbox with roving focus (one Tab stop; arrows, Home, End move), Enter acts on
 * the entry, and an optional second key acts too; both are on buttons for the mouse. An entry
 * Enter cannot act on (`canEnter`) is marked disabled (greyed); Enter on it still calls `onEnter`,
 * which says why.
 */
export function Worklist<T>(props: {
  title: string;
  testId: string;
  items: T[] | undefined;
  error: unknown;
  empty: string;
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
  onEnter: (item: T) => void;
  second?: { key: 'Delete'; label: string; act: (item: T) => void };
  /** What the Enter button says; the worklists' own "to the identity check" unless told. */
  enterLabel?: string;
  canEnter?: (item: T) => boolean;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const list = useRef<HTMLUListElement>(null);
  const items = props.items ?? [];
  const [activeKey, setActiveKey] = useState<string | null>(null);
  // The entry last moved to, or the first when it dropped off at a refresh.
  const activeIndex = Math.max(0, items.findIndex((item) => props.keyOf(item) === activeKey));
  const active = items[activeIndex];
  const moveTo = (index: number) => {
    const item = items[Math.min(items.length - 1, Math.max(0, index))];
    if (!item) return;
    setActiveKey(props.keyOf(item));
    list.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(props.keyOf(item))}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: activeIndex + 1, ArrowUp: activeIndex - 1, Home: 0, End: items.length - 1 };
    if (event.key in moves) moveTo(moves[event.key]!);
    else if (event.key === 'Enter' && active) props.onEnter(active);
    else if (props.second && event.key === props.second.key && active) props.second.act(active);
    else return;
    event.preventDefault();
  };

  return (
    <div className="worklist" data-testid={props.testId}>
      <div className="worklist-title">
        <h3 id={headingId}>
          {props.title} {props.items && <span className="hint">{t('worklist.count', { count: items.length })}</span>}
        </h3>
        {active && (
          <>
            <button type="button" className="small" onClick={() => props.onEnter(active)} disabled={props.canEnter?.(active) === false}>
              {props.enterLabel ?? t('worklist.identify')}
            </button>
            {props.second && (
              <button type="button" className="small" aria-keyshortcuts={props.second.key} onClick={() => props.second!.act(active)}>
                {props.second.label}
              </button>
            )}
          </>
        )}
      </div>
      {props.error != null && <ErrorAlert error={props.error} />}
      {props.items && items.length === 0 && <p className="hint">{props.empty}</p>}
      {items.length > 0 && (
        <ul role="listbox" aria-labelledby={headingId} ref={list} onKeyDown={onKeyDown}>
          {items.map((item, index) => (
            <li
              key={props.keyOf(item)}
              data-key={props.keyOf(item)}
              role="option"
              aria-selected={index === activeIndex}
              aria-disabled={props.canEnter?.(item) === false || undefined}
              tabIndex={index === activeIndex ? 0 : -1}
              onFocus={() => setActiveKey(props.keyOf(item))}
              onDoubleClick={() => props.onEnter(item)}
            >
              {props.render(item)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Cancelling a registration ends the app code the customer holds: the teller confirms, naming it. */
function CancelDialog({ entry, onConfirm, onKeep }: { entry: PendingActivation; onConfirm: () => void; onKeep: () => void }) {
  const { t } = useI18n();
  return (
    <ConfirmDialog heading={t('worklist.cancel.heading')} confirm={t('worklist.cancel.confirm')} keep={t('worklist.cancel.keep')} onConfirm={onConfirm} onKeep={onKeep} testId="worklist-cancel-dialog">
      <p>{t('worklist.cancel.text', { name: entry.maskedName, mobile: entry.maskedMobile })}</p>
    </ConfirmDialog>
  );
}

/** What a verified identity check makes of the entry it was for: that device's row, or a word that it is someone else. */
export function arrivalFor(entry: ForEntry | null, customerRef: string | undefined): { focusDeviceId?: string; otherThan?: string } {
  if (!entry?.customerRef || !entry.deviceId) return {};
  return customerRef === entry.customerRef ? { focusDeviceId: entry.deviceId } : { otherThan: entry.maskedName };
}
