import { describe, expect, it } from 'vitest';
import { IdentityCheckRequestSchema } from '../../issuer-api/schemas.js';
import { SmsCodeSchema } from '../../issuer-api/domain.js';
import { PasswordSchema, StaffIdSchema } from '../../shared/staff.js';
import { checkFields } from '../../renderer/components/form.js';
import { en } from '../../renderer/i18n/en.js';
import { ko } from '../../renderer/i18n/ko.js';

// The form helper's check: each field against the shared schema's rule, the broken rule as a
// catalogue key both languages have, and the parsed values handed on.

const { name, rrn, document } = IdentityCheckRequestSchema.shape;
const identityRules = { name, rrn, issueDate: document.shape.issueDate };
const identityFields = ['name', 'rrn', 'issueDate'] as const;

describe('checkFields', () => {
  it('names each broken rule by its catalogue key, the first issue only', () => {
    const { broken } = checkFields(identityFields, identityRules, { name: ' ', rrn: '901301-1123459', issueDate: '2015-02-30' });
    expect(broken).toEqual({ name: 'validation.NAME_REQUIRED', rrn: 'validation.RRN_DATE', issueDate: 'validation.DATE_INVALID' });
    for (const key of Object.values(broken)) {
      expect(ko[key!], key).toBeTruthy();
      expect(en[key!], key).toBeTruthy();
    }
  });

  it("hands on each rule's output, and the text of a field without a rule", () => {
    const { broken, parsed } = checkFields(['code', 'note'] as const, { code: SmsCodeSchema }, { code: '12345', note: ' as typed ' });
    expect(broken).toEqual({});
    expect(parsed).toEqual({ code: '12345', note: ' as typed ' });
    const identity = checkFields(identityFields, identityRules, { name: ' 홍길동 ', rrn: '900101-1123459', issueDate: '2015-03-02' });
    expect(identity.parsed).toEqual({ name: '홍길동', rrn: '9001011123459', issueDate: '2015-03-02' });
  });

  it('checks only the fields that have a rule now (a typed number only when "typed" is chosen)', () => {
    expect(checkFields(['typed'] as const, {}, { typed: 'not a number' }).broken).toEqual({});
    expect(checkFields(['supervisorId', 'password'] as const, { supervisorId: StaffIdSchema, password: PasswordSchema }, { supervisorId: 's0001', password: '' })).toEqual({
      broken: { password: 'validation.PASSWORD_REQUIRED' },
      parsed: { supervisorId: 'S0001', password: '' },
    });
  });
});
