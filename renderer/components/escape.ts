import type { KeyboardEvent } from 'react';

/**
 * Esc backs out of the innermost panel only: the handler marks the key as handled, so the
 * customer page behind it (where Esc ends the whole job) leaves it alone.
 */
export const backOutOnEscape = (backOut: () => void) => (event: KeyboardEvent) => {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  backOut();
};
