import type { Role } from '../../../shared/staff.js';

/** The sandbox seed of ISSUER-API.md, kept exactly: training and tests start from it. */
export const SANDBOX_INSTITUTION_CODE = '088';
export const SANDBOX_BRANCH_CODE = '0101';

export const SEED_STAFF: ReadonlyArray<{ staffId: string; name: string; password: string; role: Role }> = [
  { staffId: 'T0001', name: '김민지', password: 'teller-pass-1', role: 'TELLER' },
  { staffId: 'T0002', name: '이준호', password: 'teller-pass-2', role: 'TELLER' },
  { staffId: 'S0001', name: '박지성', password: 'super-pass-1', role: 'SUPERVISOR' },
  { staffId: 'S0002', name: '최수진', password: 'super-pass-2', role: 'SUPERVISOR' },
];
