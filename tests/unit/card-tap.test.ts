import { describe, expect, it } from 'vitest';
import type { CardEvent } from '../../shared/card.js';
import type { ReaderState } from '../../shared/status.js';
import { EMPTY_CARD_TAP, cardTap, sourceOf, type CardTapAction, type CardTapState } from '../../renderer/components/card-tap.js';

// The card-tap panel's state machine: what a tap, a failure, the reader and the teller's typing do to the fields.

const READER = 'ACS ACR122U';
const read = (vendorCode: string, serial: string): CardEvent => ({ type: 'read', reader: READER, uid: '04A1B2', card: { vendorCode, serial, issuingInstitutionCode: '020' } });
const card = (event: CardEvent, readerState: ReaderState = 'CARD_PRESENT'): CardTapAction => ({ type: 'card', event, readerState });
const run = (...actions: CardTapAction[]): CardTapState => actions.reduce(cardTap, EMPTY_CARD_TAP);

describe('the card-tap panel', () => {
  it('fills both fields from a read, marked as read from the card', () => {
    const state = run(card(read('003', '300000000004')));
    expect(state).toMatchObject({ vendorCode: '003', serial: '300000000004' });
    expect([sourceOf(state, 'vendorCode'), sourceOf(state, 'serial')]).toEqual(['reader', 'reader']);
  });

  it('marks a field typed once the teller changes what was read, and read again when put back', () => {
    let state = run(card(read('003', '300000000004')), { type: 'typed', field: 'serial', value: '300000000005' });
    expect([sourceOf(state, 'vendorCode'), sourceOf(state, 'serial')]).toEqual(['reader', 'typed']);
    state = cardTap(state, { type: 'typed', field: 'serial', value: '300000000004' });
    expect(sourceOf(state, 'serial')).toBe('reader');
    expect(sourceOf(run({ type: 'typed', field: 'vendorCode', value: '001' }), 'vendorCode')).toBe('typed');
    expect(sourceOf(EMPTY_CARD_TAP, 'vendorCode')).toBeNull();
  });

  it('clears the last card when a new card enters the field or a read fails', () => {
    const first = run(card(read('003', '300000000004')));
    expect(cardTap(first, card({ type: 'present', reader: READER }))).toMatchObject({ vendorCode: '', serial: '', read: null });
    const failed = cardTap(first, card({ type: 'error', reader: READER, code: 'NOT_SMART_OTP' }));
    expect(failed).toMatchObject({ vendorCode: '', serial: '', read: null, outcome: { type: 'error', code: 'NOT_SMART_OTP' } });
    // Typed numbers go the same way: a tap means the card in the field is the one to use.
    const typed = run({ type: 'typed', field: 'serial', value: '100000000001' }, card({ type: 'present', reader: READER }));
    expect(typed.serial).toBe('');
  });

  it('keeps what a tap came to when the card leaves', () => {
    const first = run(card(read('003', '300000000004')));
    expect(cardTap(first, card({ type: 'removed', reader: READER }, 'READER_READY'))).toBe(first);
    const tooSoon = run(card({ type: 'error', reader: READER, code: 'CARD_REMOVED' }), { type: 'reader', state: 'READER_READY' });
    expect(tooSoon.outcome).toMatchObject({ code: 'CARD_REMOVED' });
  });

  it('lets a reader error go once the reader has moved on (unplugged, back, ready)', () => {
    const failed = run(card({ type: 'error', reader: READER, code: 'READER_ERROR' }, 'READER_READY'));
    expect(cardTap(failed, { type: 'reader', state: 'READER_READY' }).outcome).toMatchObject({ code: 'READER_ERROR' });
    const recovered = run(card({ type: 'error', reader: READER, code: 'READER_ERROR' }, 'READER_READY'), { type: 'reader', state: 'NO_READER' }, { type: 'reader', state: 'READER_READY' });
    expect(recovered.outcome).toBeNull();
  });

  it('starts empty for the next staff member', () => {
    expect(run(card(read('003', '300000000004')), { type: 'reset' })).toEqual(EMPTY_CARD_TAP);
  });
});
