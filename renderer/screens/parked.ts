/**
 * Parked jobs: a customer who stepped away keeps their page, out of view, while the identity check
 * behind it is valid. Pure rules, on the issuer's clock (milliseconds), so a test needs no screen.
 */

/** How long a VERIFIED identity check backs a job (ISSUER-API.md: "A check is valid 30 minutes"). */
export const IDENTITY_CHECK_VALID_MS = 30 * 60_000;

/**
 * How many customers may wait parked at one counter. Five: more than a teller keeps in mind at
 * once, and each holds an identity check (and maybe a registration) open at the issuer.
 */
export const MAX_PARKED = 5;

/**
 * When a check asked at `askedAt` (issuer time, taken as the request left) stops being valid. The
 * issuer starts its 30 minutes when the answer is made, a moment later: the console ends its own
 * count that moment early, never late.
 */
export const checkValidUntil = (askedAt: number): number => askedAt + IDENTITY_CHECK_VALID_MS;

/** The check has run out: its job can no longer be resumed. */
export const hasExpired = (validUntil: number, now: number): boolean => now >= validUntil;

/** Whole minutes left, rounded up (a check with 10 seconds left still has "1 minute"), 0 once expired. */
export const minutesLeft = (validUntil: number, now: number): number => (hasExpired(validUntil, now) ? 0 : Math.ceil((validUntil - now) / 60_000));

/** Another job may be parked: fewer than MAX_PARKED wait already. */
export const canPark = (parkedCount: number): boolean => parkedCount < MAX_PARKED;
