import { afterEach, describe, expect, it, vi } from 'vitest';
import { CardReadError, DEFAULT_CARD_PROTOCOL, type CardProtocolConfig } from '../../main/reader/card-protocol.js';
import { readSmartOtpCard, type Transmit } from '../../main/reader/read-card.js';

/**
 * readSmartOtpCard against a scripted transmit: the function it is given, answering each command
 * from a list (as nfc-pcsc's reader.transmit answers: a promise of the response, an empty buffer
 * when the card vanished mid-command, a synchronous throw when it is already gone).
 */

const bytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
const hexOf = (buffer: Buffer) => buffer.toString('hex').toUpperCase();

type Step =
  | Buffer
  /** transmit throws synchronously */
  | { throws: unknown }
  /** the promise rejects */
  | { rejects: unknown }
  /** the promise never settles */
  | 'never'
  /** the answer comes after `ms` (timers, faked in these tests) */
  | { after: number; answer: Buffer };

/** A transmit answering `steps` in order and recording what it was sent; a command past the script is refused. */
function scripted(steps: Step[]) {
  const sent: { command: string; max: number }[] = [];
  const transmit: Transmit = (command, max) => {
    sent.push({ command: hexOf(command), max });
    const step = steps[sent.length - 1];
    if (step === undefined) return Promise.reject(new Error(`unscripted command ${hexOf(command)}`));
    if (step === 'never') return new Promise<Buffer>(() => {});
    if (Buffer.isBuffer(step)) return Promise.resolve(step);
    if ('throws' in step) throw step.throws;
    if ('rejects' in step) return Promise.reject(step.rejects);
    return new Promise<Buffer>((resolve) => setTimeout(() => resolve(step.answer), step.after));
  };
  return { transmit, sent };
}

const UID_COMMAND = 'FFCA000000';
const SELECT_COMMAND = '00A4040008D4100000014F545000';
const READ_COMMAND = '80CA000000';

const UID_OK = bytes('04 11 22 33 44 55 66 90 00');
const SELECT_OK = bytes('90 00');
const IDENTITY_OK = Buffer.concat([
  bytes('C1 03'), Buffer.from('003'),
  bytes('C2 0C'), Buffer.from('300000000004'),
  bytes('C3 03'), Buffer.from('020'),
  bytes('90 00'),
]);
const GOOD_CARD = { uid: '04112233445566', card: { vendorCode: '003', serial: '300000000004', issuingInstitutionCode: '020' } };

const options = { protocol: DEFAULT_CARD_PROTOCOL, apduTimeoutMs: 1000 };

/** The CardReadError the read ends with, as { code, detail }; fails the test when it succeeds. */
async function readFailure(transmit: Transmit, readOptions = options): Promise<{ code: string; detail: string | undefined }> {
  const result = await readSmartOtpCard(transmit, readOptions).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in result)) throw new Error(`expected the read to fail, it gave ${JSON.stringify(result.value)}`);
  expect(result.error).toBeInstanceOf(CardReadError);
  const { code, detail } = result.error as CardReadError;
  return { code, detail };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('readSmartOtpCard: the commands', () => {
  it('sends UID, SELECT, READ in that order with room for the answers, and returns UID and identity', async () => {
    const { transmit, sent } = scripted([UID_OK, SELECT_OK, IDENTITY_OK]);
    expect(await readSmartOtpCard(transmit, options)).toEqual(GOOD_CARD);
    expect(sent).toEqual([
      { command: UID_COMMAND, max: 12 },
      { command: SELECT_COMMAND, max: 258 },
      { command: READ_COMMAND, max: 258 },
    ]);
  });

  it('selects the configured AID and reads the configured tags', async () => {
    const protocol: CardProtocolConfig = { aid: 'A0000000031010', tags: { vendorCode: 'DF01', serial: 'DF02', issuingInstitution: 'DF03' } };
    const record = Buffer.concat([bytes('DF01 03'), Buffer.from('001'), bytes('DF02 0C'), Buffer.from('100000000001'), bytes('90 00')]);
    const { transmit, sent } = scripted([bytes('A1 B2 C3 D4 90 00'), SELECT_OK, record]);
    expect(await readSmartOtpCard(transmit, { protocol, apduTimeoutMs: 1000 })).toEqual({
      uid: 'A1B2C3D4',
      card: { vendorCode: '001', serial: '100000000001' },
    });
    expect(sent.map((s) => s.command)).toEqual([UID_COMMAND, '00A4040007A000000003101000', READ_COMMAND]);
  });

  it('accepts an FCI before 90 00 in the SELECT answer', async () => {
    const { transmit } = scripted([UID_OK, bytes('6F 0A 84 08 D4 10 00 00 01 4F 54 50 90 00'), IDENTITY_OK]);
    expect(await readSmartOtpCard(transmit, options)).toEqual(GOOD_CARD);
  });

  it('stops at the first refused command, naming it precisely', async () => {
    const notOtp = scripted([UID_OK, bytes('6A 82')]);
    expect(await readFailure(notOtp.transmit)).toEqual({ code: 'NOT_SMART_OTP', detail: '6A82' });
    expect(notOtp.sent.map((s) => s.command)).toEqual([UID_COMMAND, SELECT_COMMAND]);

    // A reader that refuses the UID pseudo-APDU still gets the card read, with an empty UID.
    const noUid = scripted([bytes('6A 81'), SELECT_OK, IDENTITY_OK]);
    expect(await readSmartOtpCard(noUid.transmit, options)).toMatchObject({ uid: '', card: { vendorCode: '003' } });
    expect(noUid.sent).toHaveLength(3);

    const refused = scripted([UID_OK, SELECT_OK, bytes('69 85')]);
    expect(await readFailure(refused.transmit)).toEqual({ code: 'CONDITIONS_NOT_SATISFIED', detail: '6985' });
  });

  it('passes the errors of the identity record through (short answer, missing tag)', async () => {
    expect(await readFailure(scripted([UID_OK, SELECT_OK, bytes('90')]).transmit)).toEqual({ code: 'MALFORMED_RESPONSE', detail: '1 byte answer' });
    const noSerial = Buffer.concat([bytes('C1 03'), Buffer.from('003'), bytes('90 00')]);
    expect(await readFailure(scripted([UID_OK, SELECT_OK, noSerial]).transmit)).toEqual({ code: 'MISSING_TAG', detail: 'serial' });
  });
});

describe('readSmartOtpCard: a card that leaves, goes quiet, or a reader that fails', () => {
  it.each([0, 1, 2])('calls a transmit that throws synchronously at command %i CARD_REMOVED, and sends nothing more', async (at) => {
    const steps: Step[] = [UID_OK, SELECT_OK, IDENTITY_OK];
    steps[at] = { throws: new Error('No card or connection available.') };
    const { transmit, sent } = scripted(steps);
    expect(await readFailure(transmit)).toEqual({ code: 'CARD_REMOVED', detail: undefined });
    expect(sent).toHaveLength(at + 1);
  });

  it('calls an empty answer (the card vanished mid-command) CARD_REMOVED', async () => {
    expect(await readFailure(scripted([Buffer.alloc(0)]).transmit)).toEqual({ code: 'CARD_REMOVED', detail: undefined });
    expect(await readFailure(scripted([UID_OK, SELECT_OK, Buffer.alloc(0)]).transmit)).toEqual({ code: 'CARD_REMOVED', detail: undefined });
  });

  it.each([
    ['SCardTransmit error: Card was removed.(0x80100069)', 'CARD_REMOVED'],
    ['Card was removed', 'CARD_REMOVED'],
    ['SCardTransmit error: Card was reset.(0x80100068)', 'CARD_REMOVED'],
    ['Card was reset', 'CARD_REMOVED'],
    ['SCardTransmit error: Card is unresponsive.(0x80100066)', 'CARD_TIMEOUT'],
    ['Card is unresponsive', 'CARD_TIMEOUT'],
    ['SCARD_W_UNRESPONSIVE_CARD', 'CARD_TIMEOUT'],
  ])('calls a rejection with %j %s', async (message, code) => {
    const { transmit } = scripted([UID_OK, { rejects: new Error(message) }]);
    expect(await readFailure(transmit)).toEqual({ code, detail: undefined });
  });

  it("looks at the cause nfc-pcsc wraps in a TransmitError ('previous')", async () => {
    const wrapped = (cause: string) => Object.assign(new Error('An error occurred while transmitting.'), { previous: new Error(cause) });
    expect(await readFailure(scripted([{ rejects: wrapped('SCardTransmit error: Card was removed.(0x80100069)') }]).transmit)).toEqual({
      code: 'CARD_REMOVED',
      detail: undefined,
    });
    expect(await readFailure(scripted([{ rejects: wrapped('SCardTransmit error: Card is unresponsive.(0x80100066)') }]).transmit)).toEqual({
      code: 'CARD_TIMEOUT',
      detail: undefined,
    });
  });

  it('calls any other rejection READER_ERROR, with at most 64 characters of its text', async () => {
    const plain = await readFailure(scripted([{ rejects: new Error('SCardTransmit error: Transaction failed.(0x80100016)') }]).transmit);
    expect(plain.code).toBe('READER_ERROR');
    expect(plain.detail).toContain('Transaction failed');

    const long = await readFailure(scripted([UID_OK, SELECT_OK, { rejects: new Error(`reader fault ${'x'.repeat(200)}`) }]).transmit);
    expect(long.code).toBe('READER_ERROR');
    expect(long.detail).toMatch(/^reader fault x+$/);
    expect(long.detail).toHaveLength(64);

    const notAnError = await readFailure(scripted([{ rejects: 'reader went away' }]).transmit);
    expect(notAnError).toEqual({ code: 'READER_ERROR', detail: 'reader went away' });
  });

  it('calls a command that is never answered CARD_TIMEOUT once apduTimeoutMs has passed, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { transmit, sent } = scripted([UID_OK, SELECT_OK, 'never']);
    let outcome: unknown = 'pending';
    void readSmartOtpCard(transmit, options).then(
      (value) => (outcome = value),
      (error: unknown) => (outcome = error),
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(3);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBeInstanceOf(CardReadError);
    expect((outcome as CardReadError).code).toBe('CARD_TIMEOUT');
  });

  it('gives every command its own timeout: three answers each just inside it make a good read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { transmit } = scripted([
      { after: 900, answer: UID_OK },
      { after: 900, answer: SELECT_OK },
      { after: 999, answer: IDENTITY_OK },
    ]);
    let outcome: unknown = 'pending';
    void readSmartOtpCard(transmit, options).then(
      (value) => (outcome = value),
      (error: unknown) => (outcome = error),
    );
    await vi.advanceTimersByTimeAsync(2798);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toEqual(GOOD_CARD);
  });

  it('times out an answer that comes later than apduTimeoutMs, at apduTimeoutMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { transmit } = scripted([UID_OK, { after: 1500, answer: SELECT_OK }]);
    let outcome: unknown = 'pending';
    void readSmartOtpCard(transmit, options).then(
      (value) => (outcome = value),
      (error: unknown) => (outcome = error),
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect((outcome as CardReadError).code).toBe('CARD_TIMEOUT');
    await vi.advanceTimersByTimeAsync(1000); // the late answer changes nothing
    expect((outcome as CardReadError).code).toBe('CARD_TIMEOUT');
  });

  it('leaves no timer behind, whether the read succeeds or fails', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await readSmartOtpCard(scripted([UID_OK, SELECT_OK, IDENTITY_OK]).transmit, options);
    expect(vi.getTimerCount()).toBe(0);
    await readFailure(scripted([UID_OK, bytes('6A 82')]).transmit);
    expect(vi.getTimerCount()).toBe(0);
    await readFailure(scripted([UID_OK, { throws: new Error('gone') }]).transmit);
    expect(vi.getTimerCount()).toBe(0);
    await readFailure(scripted([{ rejects: new Error('Card was removed') }]).transmit);
    expect(vi.getTimerCount()).toBe(0);
  });
});
