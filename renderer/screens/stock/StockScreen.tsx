import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { StockCard } from '../../../issuer-api/schemas.js';
import type { ChannelOutput } from '../../../shared/contract.js';
import { serialRangeText, StockReceiptInputSchema } from '../../../shared/stock.js';
import type { Approval, ApprovedRequest } from '../../../shared/supervisor.js';
import { useApi, useCardEvents } from '../../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../../api/idempotent.js';
import { CardTapPanel, type ConfirmedCard } from '../../components/CardTapPanel.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useForm } from '../../components/form.js';
import { OverrideDialog } from '../../components/OverrideDialog.js';
import { TextField } from '../../components/TextField.js';
import { useFormat, useI18n, validationKey } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/ko.js';
import { StockCount } from './StockCount.js';
import { useInPlayRef } from '../../components/InPlay.js';

type Part = 'receive' | 'dispose' | 'count';
const STOCK_KEY = ['stock.list'];

/**
 * 카드 재고: the branch's Smart OTP cards in stock (newest delivery first), and its three jobs:
 * a delivery received (a serial range typed, or its first and last cards tapped), a damaged or
 * defective card disposed of, both on a supervisor's approval of exactly that request, and a
 * physical count. Esc goes back: from a job to the list, from the list home.
 */
export function StockScreen({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [part, setPart] = useState<Part | null>(null);
  const stock = useQuery({ queryKey: STOCK_KEY, queryFn: () => api.call('stock.list', {}) });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (part === null) heading.current?.focus();
  }, [part]);
  const inPlay = useInPlayRef(); // behind the lock, Esc is not for the stock
  useEffect(() => {
    if (part === 'count') return; // the count has its own Esc
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || !inPlay.current) return;
      event.preventDefault();
      if (part) setPart(null);
      else onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, part]);

  if (part === 'count') return <StockCount onCounted={() => void stock.refetch()} onClose={() => setPart(null)} />;

  return (
    <div className="counter-columns stock" data-testid="stock-screen">
      <section className="column" aria-labelledby="stock-heading">
        <div className="stock-title">
          <h2 id="stock-heading" ref={heading} tabIndex={-1}>
            {t('stock.heading')}
          </h2>
          {stock.data && (
            <p className="stock-total" data-testid="stock-total">
              {t('stock.total', { count: stock.data.count })}
            </p>
          )}
        </div>
        <ErrorAlert error={stock.error} />
        {stock.data && <StockTable cards={stock.data.cards} />}
      </section>
      <section className="column stock-jobs" aria-label={t('stock.jobs')}>
        <div className="buttons stock-parts">
          <button type="button" aria-pressed={part === 'receive'} onClick={() => setPart('receive')}>
            {t('stock.receive.open')}
          </button>
          <button type="button" aria-pressed={part === 'dispose'} onClick={() => setPart('dispose')}>
            {t('stock.dispose.open')}
          </button>
          <button type="button" onClick={() => setPart('count')}>
            {t('stock.count.open')}
          </button>
          <button type="button" onClick={onClose}>
            {t('stock.home')}
          </button>
        </div>
        {part === 'receive' && <ReceiveForm />}
        {part === 'dispose' && <DisposeForm />}
        {part === null && <p className="hint">{t('stock.choose')}</p>}
      </section>
    </div>
  );
}

function StockTable({ cards }: { cards: ChannelOutput<'stock.list'>['cards'] }) {
  const { t } = useI18n();
  const format = useFormat();
  if (cards.length === 0) return <p className="hint">{t('stock.empty')}</p>;
  return (
    <table className="stock-table" data-testid="stock-table">
      <thead>
        <tr>
          <th>{t('stock.col.vendor')}</th>
          <th>{t('stock.col.serial')}</th>
          <th>{t('stock.col.delivery')}</th>
          <th>{t('stock.col.received')}</th>
        </tr>
      </thead>
      <tbody>
        {cards.map((card) => (
          <tr key={`${card.vendorCode}/${card.serial}`}>
            <td>{card.vendorCode}</td>
            <td>{card.serial}</td>
            <td>{card.deliveryRef}</td>
            <td>{format.date(card.receivedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type ReceiptField = 'vendorCode' | 'deliveryRef' | 'serialFrom' | 'serialTo';
const shape = StockReceiptInputSchema.shape;
const RECEIPT_RULES = { vendorCode: shape.vendorCode, deliveryRef: shape.deliveryRef, serialFrom: shape.serialFrom, serialTo: shape.serialTo };
type Rules = typeof RECEIPT_RULES;
type Receipt = ApprovedRequest & { action: 'STOCK_RECEIPT' };
type Disposal = ApprovedRequest & { action: 'STOCK_DISPOSAL' };

/**
 * 입고: vendor code, delivery reference and the serial range. A card tapped fills the first serial
 * (and the vendor code), the next one the last serial; the field in focus takes the tap first.
 */
function ReceiveForm() {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [asking, setAsking] = useState<Receipt | null>(null);
  const [done, setDone] = useState<ChannelOutput<'stock.receive'> | null>(null);
  const [tapNote, setTapNote] = useState<string | null>(null);
  const receive = useIdempotentMutation(
    ({ approval, request }: { approval: Approval; request: Receipt }, idempotencyKey: string) =>
      api.call('stock.receive', { receipt: request.receipt, approvalToken: approval.approvalToken, idempotencyKey }),
    {
      onSuccess: (answer) => {
        setDone(answer);
        form.reset();
        void queryClient.invalidateQueries({ queryKey: STOCK_KEY });
      },
    },
  );
  const form = useForm<ReceiptField, Rules>({
    initial: { vendorCode: '', deliveryRef: '', serialFrom: '', serialTo: '' },
    rules: RECEIPT_RULES,
    call: receive,
    refusals: { RANGE_TOO_LARGE: 'serialTo', CARD_ALREADY_EXISTS: 'serialFrom' },
  });
  // The range's own rules (order, size) are the whole request's: they are said on the last serial.
  const [rangeRule, setRangeRule] = useState<MessageKey | undefined>(undefined);

  const event = useCardEvents();
  useEffect(() => {
    if (event?.type !== 'read') return;
    const { vendorCode, serial } = event.card;
    const toLast = document.activeElement === form.field('serialTo').inputRef.current || (form.values.serialFrom !== '' && document.activeElement !== form.field('serialFrom').inputRef.current);
    if (!form.values.vendorCode || !toLast) form.set('vendorCode', vendorCode);
    form.set(toLast ? 'serialTo' : 'serialFrom', serial);
    setTapNote(t(toLast ? 'stock.receive.tappedLast' : 'stock.receive.tappedFirst', { card: `${vendorCode} ${serial}` }));
    if (!toLast) form.field('serialTo').inputRef.current?.focus();
  }, [event]);

  const submit = form.submit((typed) => {
    setDone(null);
    // Unanswered, the receipt is sent again as it was (same key, same approval): it happens once.
    if (isOutcomeUnknown(receive.error) && receive.variables) return receive.mutate(receive.variables);
    const whole = StockReceiptInputSchema.safeParse(typed);
    if (!whole.success) {
      setRangeRule(validationKey(whole.error.issues[0]?.message));
      form.field('serialTo').inputRef.current?.focus();
      return;
    }
    setRangeRule(undefined);
    receive.reset();
    setAsking({ action: 'STOCK_RECEIPT', receipt: whole.data });
  });
  const serialTo = form.field('serialTo');

  // The approval dialog has a form of its own: it goes beside this one, never inside it.
  return (
    <>
    <form className="stock-job" onSubmit={submit} noValidate aria-labelledby={headingId} data-testid="stock-receive">
      <h3 id={headingId}>{t('stock.receive.heading')}</h3>
      <p className="hint">{t('stock.receive.how')}</p>
      <TextField label="card.vendorCode" inputMode="numeric" autoFocus {...form.field('vendorCode')} />
      <TextField label="stock.receive.deliveryRef" {...form.field('deliveryRef')} />
      <TextField label="stock.receive.serialFrom" inputMode="numeric" {...form.field('serialFrom')} />
      <TextField
        label="stock.receive.serialTo"
        inputMode="numeric"
        {...serialTo}
        rule={serialTo.rule ?? rangeRule}
        onChange={(value) => {
          setRangeRule(undefined);
          serialTo.onChange(value);
        }}
      />
      <p className="message-slot" role="status">
        {tapNote}
      </p>
      <ErrorAlert error={receive.error} id={form.alertId} />
      {done && (
        <p role="status" className="receipt" data-testid="stock-received">
          {t('stock.receive.done', { count: done.received, deliveryRef: done.deliveryRef })}
        </p>
      )}
      <div className="buttons">
        <button type="submit" disabled={receive.isPending}>
          {isOutcomeUnknown(receive.error) ? t('stock.retry') : t('stock.receive.submit')}
        </button>
      </div>
    </form>
      {asking && (
        <OverrideDialog
          request={asking}
          summary={t('stock.receive.approvalFor', { range: serialRangeText(asking.receipt), deliveryRef: asking.receipt.deliveryRef })}
          onApproved={(approval) => {
            setAsking(null);
            receive.mutate({ approval, request: asking });
          }}
          onCancel={() => setAsking(null)}
        />
      )}
    </>
  );
}

/** 폐기: a card of the stock, tapped or typed, and why it leaves (damaged, defective). */
function DisposeForm() {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [card, setCard] = useState<StockCard | null>(null);
  const [reason, setReason] = useState<'DAMAGED' | 'DEFECTIVE'>('DAMAGED');
  const [asking, setAsking] = useState<Disposal | null>(null);
  const [done, setDone] = useState<StockCard | null>(null);
  const dispose = useIdempotentMutation(
    ({ approval, request }: { approval: Approval; request: Disposal }, idempotencyKey: string) =>
      api.call('stock.dispose', { disposal: request.disposal, approvalToken: approval.approvalToken, idempotencyKey }),
    {
      onSuccess: (_answer, { request }) => {
        setDone(request.disposal);
        setCard(null);
        void queryClient.invalidateQueries({ queryKey: STOCK_KEY });
      },
    },
  );
  const reasonRef = useRef<HTMLSelectElement>(null);
  const chosen = (confirmed: ConfirmedCard) => {
    setCard({ vendorCode: confirmed.vendorCode, serial: confirmed.serial });
    setDone(null);
    dispose.reset();
    // After the card, the reason: the next field.
    setTimeout(() => reasonRef.current?.focus());
  };
  const ask = () => {
    if (!card) return;
    if (isOutcomeUnknown(dispose.error) && dispose.variables) return dispose.mutate(dispose.variables);
    dispose.reset();
    setAsking({ action: 'STOCK_DISPOSAL', disposal: { ...card, reason } });
  };

  return (
    <div className="stock-job" data-testid="stock-dispose">
      <h3 id={headingId}>{t('stock.dispose.heading')}</h3>
      <CardTapPanel onConfirm={chosen} labelledBy={headingId} />
      {card && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            ask();
          }}
          className="danger-job"
        >
          <p className="confirm-sentence" data-testid="stock-dispose-card">
            {t('stock.dispose.card', { card: `${card.vendorCode} ${card.serial}` })}
          </p>
          <label htmlFor={`${headingId}-reason`}>{t('stock.dispose.reason')}</label>
          <select id={`${headingId}-reason`} ref={reasonRef} value={reason} onChange={(e) => setReason(e.target.value as 'DAMAGED' | 'DEFECTIVE')}>
            <option value="DAMAGED">{t('stock.dispose.reason.DAMAGED')}</option>
            <option value="DEFECTIVE">{t('stock.dispose.reason.DEFECTIVE')}</option>
          </select>
          <ErrorAlert error={dispose.error} />
          <div className="buttons">
            <button type="submit" className="danger" disabled={dispose.isPending}>
              {isOutcomeUnknown(dispose.error) ? t('stock.retry') : t('stock.dispose.submit')}
            </button>
          </div>
        </form>
      )}
      {done && (
        <p role="status" className="receipt" data-testid="stock-disposed">
          {t('stock.dispose.done', { card: `${done.vendorCode} ${done.serial}` })}
        </p>
      )}
      {asking && (
        <OverrideDialog
          request={asking}
          summary={t('stock.dispose.approvalFor', {
            card: `${asking.disposal.vendorCode} ${asking.disposal.serial}`,
            reason: t(`stock.dispose.reason.${asking.disposal.reason}`),
          })}
          onApproved={(approval) => {
            setAsking(null);
            dispose.mutate({ approval, request: asking });
          }}
          onCancel={() => setAsking(null)}
        />
      )}
    </div>
  );
}
