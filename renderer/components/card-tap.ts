import type { CardEvent, CardIdentity } from '../../shared/card.js';
import type { ReaderState } from '../../shared/status.js';

/**
 * The card-tap panel as a state machine, kept apart from React so every transition is tested
 * (tests/unit/card-tap.test.ts). The fields only ever hold what the last tap read or what the
 * teller typed since: a new tap or a failed one clears them, so a refused card can never leave
 * the previous card's numbers ready to issue.
 */

/** Where a field's value came from: the chip, the teller's keyboard, or nowhere yet. */
export type FieldSource = 'reader' | 'typed' | null;

export interface CardTapState {
  /** What the last tap came to; stays readable after the card leaves, until the next tap. */
  outcome: Extract<CardEvent, { type: 'present' | 'read' | 'error' }> | null;
  vendorCode: string;
  serial: string;
  /** The card the reader read, while the fields still hold its numbers. */
  read: CardIdentity | null;
  /** The reader state when the outcome was shown: a reader error is over once the state moves on. */
  readerStateAtOutcome: ReaderState | null;
}

export type CardTapAction =
  | { type: 'card'; event: CardEvent; readerState: ReaderState | null }
  | { type: 'reader'; state: ReaderState | null }
  | { type: 'typed'; field: 'vendorCode' | 'serial'; value: string }
  /** Another staff member took the counter, or the job ended: nothing of the last tap stays. */
  | { type: 'reset' };

export const EMPTY_CARD_TAP: CardTapState = { outcome: null, vendorCode: '', serial: '', read: null, readerStateAtOutcome: null };

export function cardTap(state: CardTapState, action: CardTapAction): CardTapState {
  switch (action.type) {
    case 'reset':
      return EMPTY_CARD_TAP;
    case 'typed':
      return { ...state, [action.field]: action.value };
    case 'reader':
      // "Reader error" describes a reader that has since changed state (unplugged, back, ready).
      if (state.outcome?.type === 'error' && state.outcome.code === 'READER_ERROR' && action.state !== state.readerStateAtOutcome) {
        return { ...state, outcome: null, readerStateAtOutcome: null };
      }
      return state;
    case 'card': {
      const { event, readerState } = action;
      // A card leaving says nothing new: what its tap came to stays on screen.
      if (event.type === 'removed') return state;
      if (event.type === 'read') {
        return { outcome: event, vendorCode: event.card.vendorCode, serial: event.card.serial, read: event.card, readerStateAtOutcome: readerState };
      }
      // A new card in the field, or a failed read: the last card's numbers go.
      return { ...EMPTY_CARD_TAP, outcome: event, readerStateAtOutcome: readerState };
    }
  }
}

/** A field's source: the reader's while it still holds what was read, typed once the teller changes it. */
export function sourceOf(state: CardTapState, field: 'vendorCode' | 'serial'): FieldSource {
  if (state[field] === '') return null;
  return state.read && state.read[field] === state[field] ? 'reader' : 'typed';
}
