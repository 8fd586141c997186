import { describe, expect, it } from 'vitest';
import { proposeCardAction } from '../../shared/card.js';

describe('proposeCardAction: what a looked-up card allows at institution 088', () => {
  it.each([
    [{ status: 'IN_STOCK', issuingInstitutionCode: '088' }, { kind: 'ISSUE' }],
    [{ status: 'IN_STOCK', issuingInstitutionCode: '020' }, { kind: 'REFUSED', code: 'CARD_NOT_IN_STOCK' }],
    [{ status: 'ACTIVE', issuingInstitutionCode: '020', holderMatches: true }, { kind: 'REGISTER' }],
    [{ status: 'ACTIVE', issuingInstitutionCode: '020', holderMatches: false }, { kind: 'REFUSED', code: 'HOLDER_MISMATCH' }],
    [{ status: 'ACTIVE', issuingInstitutionCode: '088', holderMatches: true }, { kind: 'REFUSED', code: 'ALREADY_REGISTERED_AT_INSTITUTION' }],
    [{ status: 'LOST', issuingInstitutionCode: '020', holderMatches: true }, { kind: 'REFUSED', code: 'CARD_NOT_USABLE' }],
    [{ status: 'REVOKED', issuingInstitutionCode: '088' }, { kind: 'REFUSED', code: 'CARD_NOT_USABLE' }],
  ] as const)('%j → %j', (lookup, expected) => {
    expect(proposeCardAction(lookup, '088')).toEqual(expected);
  });
});
