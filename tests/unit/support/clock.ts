/** A clock the test moves by hand: services take `now: () => Date`, so nothing waits on real time. */
export interface TestClock {
  now: () => Date;
  /** Moves the clock forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to an exact instant. */
  set(at: Date | string): void;
}

export const T0 = '2025-03-03T00:30:00.000Z';

export function testClock(start: string = T0): TestClock {
  let current = Date.parse(start);
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
    set(at) {
      current = typeof at === 'string' ? Date.parse(at) : at.getTime();
    },
  };
}
