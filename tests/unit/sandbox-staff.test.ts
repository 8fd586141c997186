import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HealthResponseSchema, StaffLoginResponseSchema, type StaffLoginRequest } from '../../issuer-api/schemas.js';
import { IssuerError } from '../../issuer-api/errors.js';
import { MAX_STAFF_LOGIN_FAILURES, SandboxIssuer } from '../../sandbox/sandbox-issuer.js';
import { SEED_STAFF } from '../../sandbox/store/seed.js';
import { openSandboxDb, seed, type SandboxDb } from '../../sandbox/store/store.js';
import { T0, testClock, type TestClock } from './support/clock.js';
import { TERMINAL } from './support/sandbox.js';

const RIGHT = { staffId: 'T0001', password: 'teller-pass-1' };
const WRONG = { staffId: 'T0001', password: 'teller-pass-X' };

describe('SandboxIssuer staff rules', () => {
  let clock: TestClock;
  let db: SandboxDb;
  let issuer: SandboxIssuer;

  const login = (request: StaffLoginRequest, sandbox = issuer) => sandbox.handle('login', { body: request }, { terminal: TERMINAL });
  const logout = (token: string, sandbox = issuer) => sandbox.handle('logout', {}, { terminal: TERMINAL, token });

  /** The IssuerError a login fails with; fails the test if the login succeeds. */
  async function loginError(request: StaffLoginRequest): Promise<IssuerError> {
    const error = await login(request).then(
      (answer) => new Error(`login unexpectedly succeeded for ${answer.staffId}`),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IssuerError);
    return error as IssuerError;
  }

  async function wrongTimes(n: number, request: StaffLoginRequest = WRONG): Promise<IssuerError[]> {
    const errors: IssuerError[] = [];
    for (let i = 0; i < n; i++) errors.push(await loginError(request));
    return errors;
  }

  beforeEach(() => {
    clock = testClock();
    db = openSandboxDb(':memory:');
    issuer = new SandboxIssuer({ db, now: clock.now });
  });

  afterEach(() => {
    db.close();
  });

  it('logs every seed staff member in with the published password', async () => {
    for (const staff of SEED_STAFF) {
      const answer = await login({ staffId: staff.staffId, password: staff.password });
      expect(StaffLoginResponseSchema.safeParse(answer).success).toBe(true);
      expect(answer).toMatchObject({ staffId: staff.staffId, name: staff.name, role: staff.role });
    }
  });

  it('gives every login its own token', async () => {
    const a = await login(RIGHT);
    const b = await login(RIGHT);
    expect(a.token).not.toBe(b.token);
    expect(a.token.length).toBeGreaterThanOrEqual(16);
  });

  describe('wrong passwords and locking', () => {
    it('answers 401 INVALID_CREDENTIALS with attemptsLeft 4, 3, 2, 1', async () => {
      const errors = await wrongTimes(4);
      for (const error of errors) {
        expect(error.status).toBe(401);
        expect(error.code).toBe('INVALID_CREDENTIALS');
        expect(error.retryable).toBe(false);
      }
      expect(errors.map((e) => e.details?.attemptsLeft)).toEqual([4, 3, 2, 1]);
    });

    it('answers 423 STAFF_LOCKED on the 5th wrong password in a row', async () => {
      await wrongTimes(4);
      const fifth = await loginError(WRONG);
      expect(fifth.status).toBe(423);
      expect(fifth.code).toBe('STAFF_LOCKED');
    });

    it('keeps a locked account locked, even for the right password', async () => {
      await wrongTimes(5);
      const error = await loginError(RIGHT);
      expect(error.status).toBe(423);
      expect(error.code).toBe('STAFF_LOCKED');
      const again = await loginError(WRONG);
      expect(again.status).toBe(423);
    });

    it('locks only the account that was attacked', async () => {
      await wrongTimes(5);
      await expect(login({ staffId: 'T0002', password: 'teller-pass-2' })).resolves.toMatchObject({ staffId: 'T0002' });
    });

    it('resets the count on a success: 4 wrong, 1 right, 4 wrong is not locked', async () => {
      await wrongTimes(4);
      await expect(login(RIGHT)).resolves.toMatchObject({ staffId: 'T0001' });
      const second = await wrongTimes(4);
      expect(second.map((e) => e.details?.attemptsLeft)).toEqual([4, 3, 2, 1]);
      await expect(login(RIGHT)).resolves.toMatchObject({ staffId: 'T0001' });
    });

    it('needs five wrong in a row again after a reset', async () => {
      await wrongTimes(4);
      await login(RIGHT);
      await wrongTimes(4);
      expect((await loginError(WRONG)).code).toBe('STAFF_LOCKED');
    });

    it('answers an unknown staff ID like a wrong password and locks nothing', async () => {
      for (let i = 0; i < MAX_STAFF_LOGIN_FAILURES + 2; i++) {
        const error = await loginError({ staffId: 'T9999', password: 'whatever' });
        expect(error.status).toBe(401);
        expect(error.code).toBe('INVALID_CREDENTIALS');
      }
      const { count } = db.prepare('SELECT count(*) AS count FROM staff').get() as { count: number };
      expect(count).toBe(SEED_STAFF.length);
      const locked = db.prepare('SELECT count(*) AS count FROM staff WHERE locked <> 0 OR failed_logins <> 0').get() as {
        count: number;
      };
      expect(locked.count).toBe(0);
      for (const staff of SEED_STAFF) {
        await expect(login({ staffId: staff.staffId, password: staff.password })).resolves.toBeDefined();
      }
    });
  });

  describe('a locked account loses its open sessions at once (401 SESSION_ENDED)', () => {
    const devicesOf = (token: string) => issuer.handle('devices', { params: { customerRef: 'cus-kim' } }, { terminal: TERMINAL, token });
    const refusal = (call: Promise<unknown>) =>
      call.then(
        () => expect.fail('expected a refusal'),
        (e: unknown) => e as IssuerError,
      );

    it('ends every open session of a staff member locked by wrong logins, at every terminal', async () => {
      const here = (await login(RIGHT)).token;
      const there = (await issuer.handle('login', { body: RIGHT }, { terminal: { ...TERMINAL, terminalId: 'T-TEST-02' } })).token;
      const colleague = (await login({ staffId: 'T0002', password: 'teller-pass-2' })).token;
      await expect(devicesOf(here)).resolves.toBeDefined();

      await wrongTimes(MAX_STAFF_LOGIN_FAILURES);
      for (const token of [here, there]) {
        expect(await refusal(devicesOf(token))).toMatchObject({ status: 401, code: 'SESSION_ENDED', retryable: false });
      }
      expect(await refusal(logout(here))).toMatchObject({ status: 401, code: 'SESSION_ENDED' });
      // Another staff member's session is untouched.
      await expect(devicesOf(colleague)).resolves.toBeDefined();
    });

    it('ends the sessions of a supervisor locked by wrong passwords typed into an approval', async () => {
      const supervisor = (await login({ staffId: 'S0001', password: 'super-pass-1' })).token;
      const teller = (await login(RIGHT)).token;
      const approve = () =>
        issuer.handle(
          'approve',
          { body: { supervisorId: 'S0001', password: 'wrong', action: 'DEVICE_UNLOCK', actionDigest: 'a'.repeat(64) } },
          { terminal: TERMINAL, token: teller },
        );
      for (let i = 0; i < MAX_STAFF_LOGIN_FAILURES; i++) await refusal(approve());
      expect(await refusal(devicesOf(supervisor))).toMatchObject({ status: 401, code: 'SESSION_ENDED' });
      await expect(devicesOf(teller)).resolves.toBeDefined();
    });

    it('keeps them ended: a reseed unlocks the account, and only a new login works', async () => {
      const before = (await login(RIGHT)).token;
      await wrongTimes(MAX_STAFF_LOGIN_FAILURES);
      expect((await loginError(RIGHT)).code).toBe('STAFF_LOCKED');
      seed(db);
      expect((await refusal(devicesOf(before))).status).toBe(401);
      await expect(devicesOf((await login(RIGHT)).token)).resolves.toBeDefined();
    });
  });

  describe('sessions', () => {
    it('lasts 8 hours by default', async () => {
      const answer = await login(RIGHT);
      expect(answer.expiresAt).toBe(new Date(Date.parse(T0) + 8 * 60 * 60 * 1000).toISOString());
    });

    it('expires per staffSessionSeconds on the injected clock', async () => {
      const short = new SandboxIssuer({ db, now: clock.now, staffSessionSeconds: 60 });
      const a = await login(RIGHT, short);
      const b = await login(RIGHT, short);
      expect(a.expiresAt).toBe(new Date(Date.parse(T0) + 60_000).toISOString());

      clock.advance(59_999);
      await expect(logout(a.token, short)).resolves.toBeUndefined();

      clock.advance(1);
      const error = await logout(b.token, short).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IssuerError);
      expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });

    it('ends a token on logout: a second logout is 401 UNAUTHENTICATED', async () => {
      const { token } = await login(RIGHT);
      await logout(token);
      await expect(logout(token)).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });

    it('refuses a token it never issued', async () => {
      await expect(logout('not-a-real-token-000000000')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });
  });

  it('answers health with status ok', async () => {
    const health = await issuer.handle('health', {}, { terminal: TERMINAL });
    expect(HealthResponseSchema.safeParse(health).success).toBe(true);
    expect(health.status).toBe('ok');
  });

  it('seed() restores the seed: unlocks accounts and drops sessions', async () => {
    const { token } = await login({ staffId: 'S0001', password: 'super-pass-1' });
    await wrongTimes(5);
    expect((await loginError(RIGHT)).code).toBe('STAFF_LOCKED');

    seed(db);

    await expect(login(RIGHT)).resolves.toMatchObject({ staffId: 'T0001' });
    await expect(logout(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // The count starts from zero again.
    expect((await wrongTimes(1))[0]?.details?.attemptsLeft).toBe(4);
  });

  it('stores no plaintext password', () => {
    const rows = db.prepare('SELECT * FROM staff').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(SEED_STAFF.length);
    const passwords = SEED_STAFF.map((s) => s.password);
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        for (const password of passwords) {
          if (typeof value === 'string') {
            expect(value, column).not.toContain(password);
          } else if (Buffer.isBuffer(value)) {
            expect(value.includes(Buffer.from(password, 'utf8')), column).toBe(false);
          } else {
            expect(value, column).not.toBe(password);
          }
        }
      }
    }
  });

  it('salts each password: no two stored hashes are equal, and a reseed changes them', () => {
    const hashes = () =>
      (db.prepare('SELECT password_hash FROM staff ORDER BY staff_id').all() as { password_hash: Buffer }[]).map((r) =>
        r.password_hash.toString('hex'),
      );
    const before = hashes();
    expect(new Set(before).size).toBe(before.length);
    seed(db);
    const after = hashes();
    after.forEach((hash, i) => expect(hash).not.toBe(before[i]));
  });

  // The password hash (scrypt) runs on the thread pool before the request's transaction, so it
  // holds no other request up. Its result can only arrive on a later turn of the event loop, while
  // a request with no hashing to do is answered within the turn it was sent: the order below is
  // deterministic, and with a hash computed inside the transaction (as before) it is the reverse.
  describe('while a password is being hashed', () => {
    it('answers another teller’s request before the login', async () => {
      const { token } = await login(RIGHT);
      const answered: string[] = [];
      const slow = login({ staffId: 'T0002', password: 'teller-pass-2' }).then(() => answered.push('login'));
      const other = issuer
        .handle('devices', { params: { customerRef: 'cus-kim' } }, { terminal: TERMINAL, token })
        .then(() => answered.push('devices'));
      const health = issuer.handle('health', {}, { terminal: TERMINAL }).then(() => answered.push('health'));
      await Promise.all([slow, other, health]);
      expect(answered).toEqual(['devices', 'health', 'login']);
    });

    it('counts wrong passwords sent at once one by one, and locks on the fifth', async () => {
      const errors = await Promise.all(
        Array.from({ length: MAX_STAFF_LOGIN_FAILURES }, () => login(WRONG).then(() => new Error('login succeeded'), (e: unknown) => e)),
      );
      const told = errors.map((e) => (e as IssuerError).details?.attemptsLeft ?? (e as IssuerError).code);
      expect(told.sort()).toEqual([1, 2, 3, 4, 'STAFF_LOCKED']);
      expect((await loginError(RIGHT)).code).toBe('STAFF_LOCKED');
    });

    it('still logs in when a reset gives the account a new salt meanwhile', async () => {
      const pending = login(RIGHT);
      // Answered at once (no hashing), so the new salts are in before the login's hash is.
      await issuer.handle('reset', { body: {} }, { terminal: TERMINAL });
      await expect(pending).resolves.toMatchObject({ staffId: 'T0001' });
      expect((await wrongTimes(1))[0]?.details?.attemptsLeft).toBe(4);
    });

  });
});
