import type { Role } from '../../issuer-api/schemas.js';

/**
 * The sandbox seed of ISSUER-API.md, kept exactly: training and tests start from it, and
 * `reset` returns to it. Plain data only; store.ts writes it (hashing passwords and RRNs).
 */
export const SANDBOX_INSTITUTION_CODE = '088';
export const SANDBOX_BRANCH_CODE = '0101';
/** "Another institution" of the seed: where 김영희's and 이철수's cards were issued. */
export const OTHER_INSTITUTION_CODE = '020';

export const SEED_STAFF: ReadonlyArray<{ staffId: string; name: string; password: string; role: Role }> = [
  { staffId: 'T0001', name: '김민지', password: 'teller-pass-1', role: 'TELLER' },
  { staffId: 'T0002', name: '이준호', password: 'teller-pass-2', role: 'TELLER' },
  { staffId: 'S0001', name: '박지성', password: 'super-pass-1', role: 'SUPERVISOR' },
  { staffId: 'S0002', name: '최수진', password: 'super-pass-2', role: 'SUPERVISOR' },
];

export type CustomerType = 'INDIVIDUAL' | 'SOLE_PROPRIETOR';
export type DocumentType = 'RESIDENT_CARD' | 'DRIVER_LICENSE' | 'PASSPORT';

export interface SeedCustomer {
  /** Opaque and stable across resets, so training notes and tests can rely on it. */
  customerRef: string;
  name: string;
  /** As published (`YYMMDD-NNNNNNN`); the store keeps only its hash and masked form. */
  rrn: string;
  document: { type: DocumentType; issueDate: string; reportedLost: boolean };
  /** Normalised mobile numbers on record. */
  mobiles: readonly string[];
  type: CustomerType;
}

export const SEED_CUSTOMERS: readonly SeedCustomer[] = [
  {
    customerRef: 'cus-hong', name: '홍길동', rrn: '900101-1123459',
    document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02', reportedLost: false }, mobiles: ['01012345678'], type: 'INDIVIDUAL',
  },
  {
    customerRef: 'cus-kim', name: '김영희', rrn: '850615-2234565',
    document: { type: 'DRIVER_LICENSE', issueDate: '2019-07-10', reportedLost: false }, mobiles: ['01023456789'], type: 'INDIVIDUAL',
  },
  {
    customerRef: 'cus-lee', name: '이철수', rrn: '750505-1543214',
    document: { type: 'RESIDENT_CARD', issueDate: '2012-01-20', reportedLost: false }, mobiles: ['01034567890'], type: 'SOLE_PROPRIETOR',
  },
  {
    // No valid check digit: issued after 2020-10, and still a real RRN.
    customerRef: 'cus-park', name: '박서준', rrn: '010203-3123452',
    document: { type: 'RESIDENT_CARD', issueDate: '2021-05-05', reportedLost: false }, mobiles: ['01045678901'], type: 'INDIVIDUAL',
  },
  {
    customerRef: 'cus-choi', name: '최지우', rrn: '920814-2987655',
    document: { type: 'RESIDENT_CARD', issueDate: '2016-09-09', reportedLost: false }, mobiles: ['01056789012'], type: 'INDIVIDUAL',
  },
  {
    customerRef: 'cus-jung', name: '정우성', rrn: '711231-1123455',
    document: { type: 'RESIDENT_CARD', issueDate: '2010-10-10', reportedLost: true }, mobiles: ['01067890123'], type: 'INDIVIDUAL',
  },
];

export type CardStatus = 'IN_STOCK' | 'ACTIVE' | 'LOST' | 'REVOKED';

export interface SeedCard {
  vendorCode: string;
  serial: string;
  status: CardStatus;
  issuingInstitutionCode: string;
  holderRef: string | null;
}

export const SEED_CARDS: readonly SeedCard[] = [
  { vendorCode: '001', serial: '100000000001', status: 'IN_STOCK', issuingInstitutionCode: '088', holderRef: null },
  { vendorCode: '001', serial: '100000000002', status: 'IN_STOCK', issuingInstitutionCode: '088', holderRef: null },
  { vendorCode: '002', serial: '200000000003', status: 'IN_STOCK', issuingInstitutionCode: '088', holderRef: null },
  { vendorCode: '003', serial: '300000000004', status: 'ACTIVE', issuingInstitutionCode: '020', holderRef: 'cus-kim' },
  { vendorCode: '003', serial: '300000000005', status: 'ACTIVE', issuingInstitutionCode: '020', holderRef: 'cus-lee' },
  { vendorCode: '002', serial: '200000000006', status: 'LOST', issuingInstitutionCode: '020', holderRef: 'cus-hong' },
];

/** The delivery the seed's stock cards came in: this branch's stock (ISSUER-API.md v1.1 "the branch"). */
export const SEED_STOCK_DELIVERY = { branchCode: SANDBOX_BRANCH_CODE, deliveryRef: 'SEED-0001', receivedAt: '2024-01-02T00:00:00.000Z' } as const;

export interface SeedDevice {
  deviceId: string;
  kind: 'DIGITAL_OTP' | 'SMART_OTP';
  status: 'ACTIVE' | 'RESTRICTED';
  failCount: number;
  maxFail: number;
  institutionCode: string;
  customerRef: string;
  registeredAt: string;
  /** Digital OTP: the phone's number and the app's TOTP seed (hex), so the sandbox phone can answer. */
  mobile?: string;
  otpSeed?: string;
  /** Smart OTP: the card. */
  card?: { vendorCode: string; serial: string };
}

export const SEED_DEVICES: readonly SeedDevice[] = [
  {
    deviceId: 'dev-kim-digital', kind: 'DIGITAL_OTP', status: 'ACTIVE', failCount: 0, maxFail: 10,
    institutionCode: '088', customerRef: 'cus-kim', registeredAt: '2024-04-01T01:00:00.000Z',
    mobile: '01023456789', otpSeed: '6b696d2d6469676974616c2d6f74702d73656564',
  },
  {
    deviceId: 'dev-kim-card-020', kind: 'SMART_OTP', status: 'ACTIVE', failCount: 0, maxFail: 10,
    institutionCode: '020', customerRef: 'cus-kim', registeredAt: '2023-11-20T02:00:00.000Z',
    card: { vendorCode: '003', serial: '300000000004' },
  },
  {
    deviceId: 'dev-lee-card-020', kind: 'SMART_OTP', status: 'ACTIVE', failCount: 0, maxFail: 10,
    institutionCode: '020', customerRef: 'cus-lee', registeredAt: '2023-06-12T03:00:00.000Z',
    card: { vendorCode: '003', serial: '300000000005' },
  },
  {
    deviceId: 'dev-choi-digital', kind: 'DIGITAL_OTP', status: 'RESTRICTED', failCount: 10, maxFail: 10,
    institutionCode: '088', customerRef: 'cus-choi', registeredAt: '2024-08-05T04:00:00.000Z',
    mobile: '01056789012', otpSeed: '63686f692d6469676974616c2d6f74702d736565',
  },
];
