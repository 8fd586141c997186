import { describe, expect, it } from 'vitest';
import { canPark, checkValidUntil, hasExpired, IDENTITY_CHECK_VALID_MS, MAX_PARKED, minutesLeft } from '../../renderer/screens/parked.js';

const asked = Date.parse('2026-12-03T09:00:00.000Z');
const until = checkValidUntil(asked);

describe('a parked job and its identity check', () => {
  it('is valid 30 minutes from the moment the check was asked', () => {
    expect(IDENTITY_CHECK_VALID_MS).toBe(30 * 60 * 1000);
    expect(until).toBe(Date.parse('2026-12-03T09:30:00.000Z'));
  });

  it('counts whole minutes left, rounded up, down to the last second', () => {
    expect(minutesLeft(until, asked)).toBe(30);
    expect(minutesLeft(until, asked + 1)).toBe(30);
    expect(minutesLeft(until, asked + 60_000)).toBe(29);
    expect(minutesLeft(until, asked + 29 * 60_000 + 1)).toBe(1);
    expect(minutesLeft(until, until - 1)).toBe(1);
  });

  it('has expired at the 30th minute exactly, with nothing left, and stays so', () => {
    expect(hasExpired(until, until - 1)).toBe(false);
    expect(hasExpired(until, until)).toBe(true);
    expect(minutesLeft(until, until)).toBe(0);
    expect(minutesLeft(until, until + 31 * 60_000)).toBe(0);
    expect(hasExpired(until, until + 31 * 60_000)).toBe(true);
  });

  it('takes up to five parked jobs, not a sixth', () => {
    expect(MAX_PARKED).toBe(5);
    expect(canPark(0)).toBe(true);
    expect(canPark(4)).toBe(true);
    expect(canPark(5)).toBe(false);
    expect(canPark(6)).toBe(false);
  });
});
