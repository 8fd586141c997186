import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { SerialSchema, VendorCodeSchema } from '../../../issuer-api/domain.js';
import type { ChannelOutput } from '../../../shared/contract.js';
import { addCounted, cardKey, type CountedCard } from '../../../shared/stock.js';
import { useApi, useCardEvents } from '../../api/hooks.js';
import { isOutcomeUnknown, useIdempotentMutation } from '../../api/idempotent.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useForm } from '../../components/form.js';
import { TextField } from '../../components/TextField.js';
import { useI18n } from '../../i18n/i18n.js';
import { useInPlayRef } from '../../components/InPlay.js';

export type StockCountResult = ChannelOutput<'stock.count'>;

/**
 * 재고 실사: the teller taps each card of the branch's stock on the reader (or types its two
 * numbers); a card counted already is not counted again, one not in the stock as listed is flagged
 * at once. "실사 완료" records the count at the issuer (journaled with its tally, which the
 * day-end reads back) and shows what is missing and what should not be there. Esc leaves.
 */
export function StockCount({ onCounted, onClose }: { onCounted: (result: StockCountResult) => void; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const stock = useQuery({ queryKey: ['stock.list'], queryFn: () => api.call('stock.list', {}) });
  const inStock = new Set((stock.data?.cards ?? []).map(cardKey));
  const [counted, setCounted] = useState<CountedCard[]>([]);
  const [note, setNote] = useState<{ key: 'stock.count.duplicate' | 'stock.count.added' | 'stock.count.addedUnexpected'; card: string } | null>(null);
  const [result, setResult] = useState<StockCountResult | null>(null);
  const form = useForm({ initial: { vendorCode: '', serial: '' }, rules: { vendorCode: VendorCodeSchema, serial: SerialSchema } });
  const submit = useIdempotentMutation(
    (cards: CountedCard[], idempotencyKey: string) =>
      api.call('stock.count', { cards: cards.map(({ vendorCode, serial }) => ({ vendorCode, serial })), idempotencyKey }),
    {
      onSuccess: (answer) => {
        setResult(answer);
        void queryClient.invalidateQueries({ queryKey: ['stock.list'] });
        onCounted(answer);
      },
    },
  );

  const add = (card: { vendorCode: string; serial: string; source: CountedCard['source'] }) => {
    if (result || submit.isPending) return;
    const next = addCounted(counted, card, inStock);
    const words = `${card.vendorCode} ${card.serial}`;
    setNote({ key: next.duplicate ? 'stock.count.duplicate' : next.counted[0]!.unexpected ? 'stock.count.addedUnexpected' : 'stock.count.added', card: words });
    if (!next.duplicate) setCounted(next.counted);
  };

  // Each card the reader reads is counted (a second read of it is ignored, with a note).
  const inPlay = useInPlayRef(); // behind the lock, neither a tap nor Esc is for the count
  const event = useCardEvents();
  useEffect(() => {
    if (event?.type === 'read' && inPlay.current) add({ vendorCode: event.card.vendorCode, serial: event.card.serial, source: 'reader' });
  }, [event]);
  // While counting, the vendor code field has the focus; on the result, the button back (Enter), the tally said as a status.
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (result) back.current?.focus();
  }, [result]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || !inPlay.current) return;
      e.preventDefault();
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const typed = form.submit(({ vendorCode, serial }) => {
    add({ vendorCode, serial, source: 'typed' });
    form.reset();
    form.field('vendorCode').inputRef.current?.focus();
  });

  if (result) {
    return (
      <section className="card stock-count" aria-labelledby="stock-count-heading" data-testid="stock-count-result">
        <h2 id="stock-count-heading" tabIndex={-1}>
          {t('stock.count.resultHeading')}
        </h2>
        <p role="status" className={result.missing.length + result.unexpected.length > 0 ? 'warning' : 'receipt'} data-testid="stock-count-tally">
          {t('stock.count.tally', { expected: result.expected, counted: result.counted, missing: result.missing.length, unexpected: result.unexpected.length })}
        </p>
        <div className="stock-count-lists">
          <CardList title={t('stock.count.missing')} cards={result.missing} testId="stock-count-missing" />
          <CardList title={t('stock.count.unexpected')} cards={result.unexpected} testId="stock-count-unexpected" />
        </div>
        <p className="hint">{t('stock.count.recorded', { countId: result.countId })}</p>
        <div className="buttons">
          <button type="button" onClick={onClose} ref={back}>
            {t('stock.count.close')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="card stock-count" aria-labelledby="stock-count-heading" data-testid="stock-count">
      <h2 id="stock-count-heading" tabIndex={-1}>
        {t('stock.count.heading')}
      </h2>
      <p className="hint">{t('stock.count.how')}</p>
      <div className="stock-count-body">
        <div>
          <p className="stock-count-number" aria-live="polite" data-testid="stock-count-number">
            {t('stock.count.running', { counted: counted.length, expected: stock.data?.count ?? '-' })}
          </p>
          <p className="message-slot" role="status" data-testid="stock-count-note">
            {note && <span className={note.key === 'stock.count.added' ? '' : 'warning'}>{t(note.key, { card: note.card })}</span>}
          </p>
          <form onSubmit={typed} noValidate className="stock-count-typed" aria-label={t('stock.count.typedHeading')}>
            <TextField label="card.vendorCode" inputMode="numeric" autoFocus {...form.field('vendorCode')} />
            <TextField label="card.serial" inputMode="numeric" {...form.field('serial')} />
            <button type="submit">{t('stock.count.add')}</button>
          </form>
        </div>
        <div>
          <h3>{t('stock.count.listHeading')}</h3>
          {counted.length === 0 ? (
            <p className="hint">{t('stock.count.none')}</p>
          ) : (
            <ul className="stock-counted" data-testid="stock-counted">
              {counted.map((card) => (
                <li key={cardKey(card)} className={card.unexpected ? 'error' : undefined}>
                  {card.vendorCode} {card.serial} <span className="hint">{t(`card.source.${card.source}`)}</span>
                  {card.unexpected && <> · {t('stock.count.notInStock')}</>}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <ErrorAlert error={stock.error ?? submit.error} />
      <div className="buttons">
        <button type="button" onClick={() => submit.mutate(isOutcomeUnknown(submit.error) && submit.variables ? submit.variables : counted)} disabled={submit.isPending}>
          {isOutcomeUnknown(submit.error) ? t('stock.retry') : t('stock.count.finish')}
        </button>
        {!submit.isPending && (
          <button type="button" onClick={onClose}>
            {t('stock.count.cancel')}
          </button>
        )}
      </div>
    </section>
  );
}

function CardList({ title, cards, testId }: { title: string; cards: { vendorCode: string; serial: string }[]; testId: string }) {
  const { t } = useI18n();
  return (
    <div data-testid={testId}>
      <h3>
        {title} <span className="hint">{t('stock.cards', { count: cards.length })}</span>
      </h3>
      {cards.length === 0 ? (
        <p className="hint">{t('dayEnd.none')}</p>
      ) : (
        <ul>
          {cards.map((card) => (
            <li key={cardKey(card)}>
              {card.vendorCode} {card.serial}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
