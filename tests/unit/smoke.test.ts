import { describe, expect, it } from 'vitest';
import { LoginInputSchema } from '../../shared/staff.js';

describe('vitest setup', () => {
  it('resolves shared/ from tests', () => {
    expect(LoginInputSchema.parse({ staffId: 't0001', password: 'x' }).staffId).toBe('T0001');
  });
});
