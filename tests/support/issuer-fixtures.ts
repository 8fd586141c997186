import type { TerminalIdentity } from '../../issuer-api/schemas.js';

/** The training branch of the sandbox seed, as a counter there identifies itself. */
export const BRANCH_088: TerminalIdentity = { institutionCode: '088', branchCode: '0101', terminalId: 'T-TEST-01' };

/** Seeded customers (ISSUER-API.md), as an identity check is typed at the counter. */
export const CUSTOMERS = {
  hong: { name: '홍길동', rrn: '900101-1123459', document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02' }, mobile: '01012345678' },
  kim: { name: '김영희', rrn: '850615-2234565', document: { type: 'DRIVER_LICENSE', issueDate: '2019-07-10' }, mobile: '01023456789' },
  lee: { name: '이철수', rrn: '750505-1543214', document: { type: 'RESIDENT_CARD', issueDate: '2012-01-20' }, mobile: '01034567890' },
  park: { name: '박서준', rrn: '010203-3123452', document: { type: 'RESIDENT_CARD', issueDate: '2021-05-05' }, mobile: '01045678901' },
  choi: { name: '최지우', rrn: '920814-2987655', document: { type: 'RESIDENT_CARD', issueDate: '2016-09-09' }, mobile: '01056789012' },
  jung: { name: '정우성', rrn: '711231-1123455', document: { type: 'RESIDENT_CARD', issueDate: '2010-10-10' }, mobile: '01067890123' },
} as const;

export type SeedCustomer = keyof typeof CUSTOMERS;

export const identityCheckBody = (who: SeedCustomer) => {
  const { name, rrn, document } = CUSTOMERS[who];
  return { name, rrn, document: { ...document } };
};

/**
 * The 5-digit code in the newest SMS (newest first) that carries one: a notification texted since
 * (an activation, a loss report…) never has five digits in a row, so it is passed over.
 */
export function codeFromSms(messages: Array<{ text: string }>): string {
  const match = messages.map((message) => /\d{5}/.exec(message.text)).find((found) => found !== null);
  if (!match) throw new Error(`no 5-digit code in ${messages.length} messages`);
  return match[0];
}

