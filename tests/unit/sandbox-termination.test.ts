import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TerminalIdentity } from '../../issuer-api/schemas.js';
import { expectRefusal, MINUTE_MS, OTHER_TERMINAL, SandboxHarness, TERMINAL } from './support/sandbox.js';

describe('sandbox: termination by the holder (v1.1)', () => {
  let h: SandboxHarness;
  let token: string;

  beforeEach(async () => ({ h, token } = await SandboxHarness.withTeller()));
  afterEach(() => h.close());

  async function terminate(deviceId: string, name: string, terminal: TerminalIdentity = TERMINAL, note?: string) {
    const { checkId } = await h.verified(token, name);
    return h.call(
      'terminate',
      { params: { deviceId }, body: { identityCheckId: checkId, reason: 'CUSTOMER_REQUEST', ...(note !== undefined && { note }) } },
      { token, terminal },
    );
  }

  /** 김영희's card (issued by 020, ACTIVE there) registered here too: a record at each institution. */
  async function kimCardHereToo(): Promise<string> {
    const { customerRef, checkId } = await h.verified(token, '김영희');
    const body = { customerRef, identityCheckId: checkId, vendorCode: '003', serial: '300000000004' };
    return (await h.call('registerCard', { body }, { token })).deviceId;
  }

  const lookup = (vendorCode: string, serial: string) => h.call('cardLookup', { body: { vendorCode, serial } }, { token });

  describe('a Digital OTP: one app, ended everywhere', () => {
    it('turns it REVOKED, answers who was texted, and keeps the termination with its note redacted', async () => {
      const answer = await terminate('dev-kim-digital', '김영희', TERMINAL, '새 번호 010-9876-5432 로 바꿈');
      expect(answer).toEqual({ deviceId: 'dev-kim-digital', status: 'REVOKED', terminatedAt: h.clock.now().toISOString(), notified: ['010-****-6789'] });
      expect(h.device('dev-kim-digital')?.status).toBe('REVOKED');
      expect(h.db.prepare('SELECT device_id, institution_code, reason, note, terminated_by FROM terminations').all()).toEqual([
        { device_id: 'dev-kim-digital', institution_code: '088', reason: 'CUSTOMER_REQUEST', note: '새 번호 010-****-5432 로 바꿈', terminated_by: 'T0001' },
      ]);
    });

    it('can be ended at another participating institution than the one it was registered at', async () => {
      await expect(terminate('dev-kim-digital', '김영희', OTHER_TERMINAL)).resolves.toMatchObject({ status: 'REVOKED' });
      expect(h.device('dev-kim-digital')?.status).toBe('REVOKED');
    });

    it('ends a RESTRICTED one too', async () => {
      await expect(terminate('dev-choi-digital', '최지우')).resolves.toMatchObject({ status: 'REVOKED', notified: ['010-****-9012'] });
    });

    it('is of no use afterwards: 409 DEVICE_REVOKED on the counter check and on the phone, and nothing counted', async () => {
      await terminate('dev-kim-digital', '김영희');
      const { otp } = await h.call('appOtp', { body: { deviceId: 'dev-kim-digital' } });
      await expectRefusal(h.call('appAuthenticate', { body: { deviceId: 'dev-kim-digital', otp } }), 409, 'DEVICE_REVOKED');
      await expectRefusal(h.call('otpCheck', { params: { deviceId: 'dev-kim-digital' }, body: { otp } }, { token }), 409, 'DEVICE_REVOKED');
      expect(h.device('dev-kim-digital')?.fail_count).toBe(0);
    });
  });

  describe('a Smart OTP card: its registration here only', () => {
    it('ends the record here; the card stays ACTIVE and in use at 020', async () => {
      const here = await kimCardHereToo();
      await expect(terminate(here, '김영희')).resolves.toMatchObject({ deviceId: here, status: 'REVOKED' });
      expect(h.device(here)?.status).toBe('REVOKED');
      expect(h.device('dev-kim-card-020')?.status).toBe('ACTIVE');
      await expect(lookup('003', '300000000004')).resolves.toMatchObject({ status: 'ACTIVE' });
      // Still a working card at 020: 020 can report it lost, which it cannot do for an ended one.
      await expect(h.call('reportLoss', { params: { deviceId: 'dev-kim-card-020' }, body: { reason: 'LOST' } }, { token, terminal: OTHER_TERMINAL }))
        .resolves.toMatchObject({ status: 'LOST' });
    });

    it('may be registered here again after it was ended here', async () => {
      const here = await kimCardHereToo();
      await terminate(here, '김영희');
      const again = await kimCardHereToo();
      expect(again).not.toBe(here);
      expect(h.device(again)?.status).toBe('ACTIVE');
    });

    it('answers 409 NOT_REGISTERED_HERE for another institution’s record, which that institution can end', async () => {
      await expectRefusal(terminate('dev-kim-card-020', '김영희'), 409, 'NOT_REGISTERED_HERE', { institutionCode: '020' });
      expect(h.device('dev-kim-card-020')?.status).toBe('ACTIVE');
      await expect(terminate('dev-kim-card-020', '김영희', OTHER_TERMINAL)).resolves.toMatchObject({ status: 'REVOKED' });
    });

    it('revokes the card once no record of it is left in use', async () => {
      const here = await kimCardHereToo();
      await terminate('dev-kim-card-020', '김영희', OTHER_TERMINAL);
      await expect(lookup('003', '300000000004')).resolves.toMatchObject({ status: 'ACTIVE' });
      await terminate(here, '김영희');
      await expect(lookup('003', '300000000004')).resolves.toMatchObject({ status: 'REVOKED' });
      const { checkId, customerRef } = await h.verified(token, '김영희');
      await expectRefusal(
        h.call('registerCard', { body: { customerRef, identityCheckId: checkId, vendorCode: '003', serial: '300000000004' } }, { token }),
        409,
        'CARD_NOT_USABLE',
      );
    });

    it('ends a LOST record; the card stays LOST, as does its record at 020', async () => {
      const here = await kimCardHereToo();
      await h.call('reportLoss', { params: { deviceId: here }, body: { reason: 'STOLEN' } }, { token });
      await expect(terminate(here, '김영희')).resolves.toMatchObject({ status: 'REVOKED' });
      expect(h.device('dev-kim-card-020')?.status).toBe('LOST');
      await expect(lookup('003', '300000000004')).resolves.toMatchObject({ status: 'LOST' });
    });
  });

  describe('refusals, in the order they are checked', () => {
    it('answers 404 DEVICE_NOT_FOUND for an unknown device', async () => {
      await expectRefusal(terminate('dev-nobody', '김영희'), 404, 'DEVICE_NOT_FOUND');
    });

    it('answers 403 IDENTITY_CHECK_INVALID for a check that did not verify or is older than 30 minutes', async () => {
      const mismatch = await h.call('identityCheck', { body: { name: '김영희', rrn: '900101-1123459', document: { type: 'RESIDENT_CARD', issueDate: '2015-03-02' } } }, { token });
      const body = (identityCheckId: string) => ({ identityCheckId, reason: 'OTHER' as const });
      await expectRefusal(h.call('terminate', { params: { deviceId: 'dev-kim-digital' }, body: body(mismatch.checkId) }, { token }), 403, 'IDENTITY_CHECK_INVALID', { reason: 'NOT_VERIFIED' });
      const { checkId } = await h.verified(token, '김영희');
      h.clock.advance(30 * MINUTE_MS);
      await expectRefusal(h.call('terminate', { params: { deviceId: 'dev-kim-digital' }, body: body(checkId) }, { token }), 403, 'IDENTITY_CHECK_INVALID', { reason: 'EXPIRED' });
      expect(h.device('dev-kim-digital')?.status).toBe('ACTIVE');
    });

    it('answers 403 HOLDER_MISMATCH for a valid check of another customer, before where the card is registered', async () => {
      await expectRefusal(terminate('dev-kim-digital', '홍길동'), 403, 'HOLDER_MISMATCH');
      await expectRefusal(terminate('dev-kim-card-020', '홍길동'), 403, 'HOLDER_MISMATCH');
      expect(h.count('terminations')).toBe(0);
    });

    it('answers 409 INVALID_DEVICE_STATE for a device already REVOKED or REPLACED', async () => {
      await terminate('dev-choi-digital', '최지우');
      await expectRefusal(terminate('dev-choi-digital', '최지우'), 409, 'INVALID_DEVICE_STATE', { status: 'REVOKED' });
      await h.activatedDigitalOtp(token, '김영희');
      await expectRefusal(terminate('dev-kim-digital', '김영희'), 409, 'INVALID_DEVICE_STATE', { status: 'REPLACED' });
      expect(h.count('terminations')).toBe(1);
    });
  });

  it('answers a replay of the same Idempotency-Key as the first time, ending and texting once', async () => {
    const { checkId } = await h.verified(token, '김영희');
    const request = { params: { deviceId: 'dev-kim-digital' }, body: { identityCheckId: checkId, reason: 'MEDIUM_CHANGE' as const } };
    const idempotencyKey = '6f1c1d3a-4b7e-4c1a-9a55-0d2d8c4b7e11';
    const first = await h.call('terminate', request, { token, idempotencyKey });
    const texts = h.count('sms_outbox');
    h.clock.advance(MINUTE_MS);
    await expect(h.call('terminate', request, { token, idempotencyKey })).resolves.toEqual(first);
    expect(h.count('sms_outbox')).toBe(texts);
    expect(h.count('terminations')).toBe(1);
  });
});
