import type { JobFacts } from './journal.js';

/** What an entry may say of a customer or a registration named only by reference in a call. */
export type KnownFacts = Partial<Omit<JobFacts, 'job' | 'tellerId' | 'idempotencyKey'>>;

/**
 * Masked facts learned from earlier answers, so later entries can name the customer without
 * asking the issuer again. They belong to the staff session that learned them: the console ends
 * them with it (logout, takeover, expiry, lock-out), so the next teller's entries never carry them.
 */
export class SessionFacts {
  /** customerRef → masked customer, learned from identity checks. */
  private readonly customers = new Map<string, string>();
  /** registrationId → the customer and masked number it was started for. */
  private readonly registrations = new Map<string, KnownFacts>();
  /** What a watched read has already journaled, so it is journaled once. */
  private readonly seen = new Set<string>();

  customer(customerRef: string): KnownFacts {
    return { customerRef, customer: this.customers.get(customerRef) ?? null };
  }

  /** The facts of a registration started in this session, or undefined. */
  registration(registrationId: string): KnownFacts | undefined {
    return this.registrations.get(registrationId);
  }

  rememberCustomer(customerRef: string, maskedCustomer: string): void {
    this.customers.set(customerRef, maskedCustomer);
  }

  rememberRegistration(registrationId: string, facts: KnownFacts): void {
    this.registrations.set(registrationId, facts);
  }

  /** True the first time it is asked about `key` in this session. */
  firstTime(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  /** The session ended. */
  clear(): void {
    this.customers.clear();
    this.registrations.clear();
    this.seen.clear();
  }
}
