import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CardReadError,
  DEFAULT_CARD_PROTOCOL,
  expectSuccess,
  identityFromRecord,
  parseTlv,
  selectCommand,
  type CardProtocolConfig,
} from '../../main/reader/card-protocol.js';

/**
 * The card protocol of SMART-OTP-CARD.md, byte by byte. Expected bytes are written out by hand
 * from the spec, and the property tests encode BER-TLV with an encoder written here (minimal
 * length forms, ISO 7816-4 tag rules), never with the parser under test.
 */

const bytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
const ascii = (text: string) => Buffer.from(text, 'latin1');
const hexOf = (buffer: Buffer) => buffer.toString('hex').toUpperCase();

/** The CardReadError `run` throws, as { code, detail }; fails the test when it throws nothing or something else. */
function failure(run: () => unknown): { code: string; detail: string | undefined } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CardReadError);
    const { code, detail } = error as CardReadError;
    return { code, detail };
  }
  throw new Error('expected a CardReadError, nothing was thrown');
}

// ---------------------------------------------------------------- a BER-TLV encoder (the oracle)

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x100) return Buffer.from([0x81, length]);
  return Buffer.from([0x82, length >> 8, length & 0xff]);
}

const encodeObject = (tag: Buffer, value: Buffer) => Buffer.concat([tag, encodeLength(value.length), value]);

/**
 * A BER-TLV tag that is not padding: one byte whose low five bits are not 1F (and not 00 / FF),
 * or a first byte with low bits 1F, zero or more bytes with bit 8 set, and a last byte without it.
 */
const tagArbitrary: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .integer({ min: 0x01, max: 0xfe })
    .filter((b) => (b & 0x1f) !== 0x1f)
    .map((b) => Buffer.from([b])),
  fc
    .tuple(
      fc.integer({ min: 0, max: 6 }).map((high) => (high << 5) | 0x1f), // 1F, 3F, ... DF (not FF)
      fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 2 }),
      fc.integer({ min: 0x00, max: 0x7f }),
    )
    .map(([first, middle, last]) => Buffer.from([first, ...middle, last])),
);

/** Values of every length form: short (0..127), 81 (128..255) and 82 (256..). */
const valueArbitrary: fc.Arbitrary<Buffer> = fc
  .oneof(
    { weight: 6, arbitrary: fc.uint8Array({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 120, maxLength: 300 }) },
  )
  .map((array) => Buffer.from(array));

const pairsArbitrary = fc.array(fc.tuple(tagArbitrary, valueArbitrary), { maxLength: 6 });

/** What the parser must give for `pairs`: tag (upper-case hex) → value, a later duplicate winning. */
const expectedMap = (pairs: [Buffer, Buffer][]) => Object.fromEntries(pairs.map(([tag, value]) => [hexOf(tag), hexOf(value)]));
const asObject = (map: Map<string, Buffer>) => Object.fromEntries([...map].map(([tag, value]) => [tag, hexOf(value)]));

// ---------------------------------------------------------------- selectCommand

describe('selectCommand', () => {
  it('builds SELECT by name for the default AID: 00 A4 04 00 08 <AID> 00', () => {
    expect(hexOf(selectCommand('D4100000014F5450'))).toBe('00A4040008D4100000014F545000');
    expect(hexOf(selectCommand(DEFAULT_CARD_PROTOCOL.aid))).toBe('00A4040008D4100000014F545000');
  });

  it('puts the AID length in Lc for other AIDs, in either hex case', () => {
    expect(hexOf(selectCommand('A000000003'))).toBe('00A4040005A00000000300');
    expect(hexOf(selectCommand('a0000000031010'))).toBe('00A4040007A000000003101000');
    expect(hexOf(selectCommand('D2760000850101'))).toBe('00A4040007D276000085010100');
  });
});

// ---------------------------------------------------------------- expectSuccess

describe('expectSuccess', () => {
  it('returns the data before 90 00, or nothing when there is none', () => {
    expect(hexOf(expectSuccess(bytes('C1 03 30 30 33 90 00')))).toBe('C103303033');
    expect(expectSuccess(bytes('90 00'))).toHaveLength(0);
  });

  it.each([
    ['6A 82', 'NOT_SMART_OTP', '6A82'],
    ['69 85', 'CONDITIONS_NOT_SATISFIED', '6985'],
    ['6D 00', 'UNKNOWN_INSTRUCTION', '6D00'],
    ['6F 00', 'UNEXPECTED_STATUS', '6F00'],
    ['62 83', 'UNEXPECTED_STATUS', '6283'],
    ['61 10', 'UNEXPECTED_STATUS', '6110'],
    ['90 01', 'UNEXPECTED_STATUS', '9001'],
    ['00 90', 'UNEXPECTED_STATUS', '0090'],
    ['6F 07 84 05 A0 00 00 00 03 6A 82', 'NOT_SMART_OTP', '6A82'],
  ])('names the status word of %s: %s', (response, code, detail) => {
    expect(failure(() => expectSuccess(bytes(response)))).toEqual({ code, detail });
  });

  it('calls every status word other than 90 00 and the three named ones UNEXPECTED_STATUS, with the SW as detail', () => {
    const named = new Set(['9000', '6A82', '6985', '6D00']);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), fc.integer({ min: 0, max: 0xffff }), (data, sw) => {
        const swHex = sw.toString(16).toUpperCase().padStart(4, '0');
        fc.pre(!named.has(swHex));
        const response = Buffer.concat([Buffer.from(data), Buffer.from([sw >> 8, sw & 0xff])]);
        expect(failure(() => expectSuccess(response))).toEqual({ code: 'UNEXPECTED_STATUS', detail: swHex });
      }),
    );
  });

  it('says the card was removed for an empty answer, and malformed for a one-byte answer', () => {
    expect(failure(() => expectSuccess(Buffer.alloc(0)))).toEqual({ code: 'CARD_REMOVED', detail: undefined });
    expect(failure(() => expectSuccess(bytes('90')))).toEqual({ code: 'MALFORMED_RESPONSE', detail: '1 byte answer' });
    expect(failure(() => expectSuccess(bytes('6A')))).toEqual({ code: 'MALFORMED_RESPONSE', detail: '1 byte answer' });
  });
});

// ---------------------------------------------------------------- parseTlv

describe('parseTlv', () => {
  it('reads single-byte tags with short lengths', () => {
    const map = parseTlv(bytes('C1 03 303033  C2 0C 333030303030303030303034  C3 03 303230'));
    expect(asObject(map)).toEqual({ C1: '303033', C2: '333030303030303030303034', C3: '303230' });
  });

  it('reads an empty input as no objects, and a zero-length value as an empty value', () => {
    expect(parseTlv(Buffer.alloc(0)).size).toBe(0);
    expect(asObject(parseTlv(bytes('C3 00 C1 01 41')))).toEqual({ C3: '', C1: '41' });
  });

  it('reads multi-byte tags (low five bits 1F, then bytes with bit 8 set until the last)', () => {
    expect(asObject(parseTlv(bytes('9F1F 02 AABB')))).toEqual({ '9F1F': 'AABB' });
    expect(asObject(parseTlv(bytes('DF8102 01 CC  5F20 00  1F7F 01 DD')))).toEqual({ DF8102: 'CC', '5F20': '', '1F7F': 'DD' });
  });

  it('reads long-form lengths 81 xx and 82 xx xx', () => {
    const v128 = Buffer.alloc(128, 0x31);
    const v300 = Buffer.alloc(300, 0x32);
    const map = parseTlv(Buffer.concat([bytes('C1 81 80'), v128, bytes('C2 82 01 2C'), v300, bytes('C3 81 02 AB CD')]));
    expect(map.get('C1')).toEqual(v128);
    expect(map.get('C2')).toEqual(v300);
    expect(hexOf(map.get('C3')!)).toBe('ABCD');
    expect(map.size).toBe(3);
  });

  it('skips 00 and FF padding before, between and after objects', () => {
    expect(asObject(parseTlv(bytes('00 FF C1 01 41 00 00 FF C2 02 4243 FF 00')))).toEqual({ C1: '41', C2: '4243' });
    expect(parseTlv(bytes('00 FF 00')).size).toBe(0);
  });

  it('keeps padding bytes that are inside a value', () => {
    expect(asObject(parseTlv(bytes('C1 03 00FF00')))).toEqual({ C1: '00FF00' });
  });

  it.each([
    ['C4 20 01 02', 'value of C4'],
    ['C1 01 41 C2 05 01 02 03 04', 'value of C2'],
    ['C2 81 05 01 02', 'value of C2'],
    ['C2 82 01 00 01', 'value of C2'],
    ['C2 81', 'length of C2'],
    ['C2 82 01', 'length of C2'],
    ['C1', 'tag without length'],
    ['C1 01 41 C2', 'tag without length'],
    ['9F', 'tag without length'],
    ['9F 81', 'tag without length'],
    ['9F 1F', 'tag without length'],
  ])('calls %s TLV_OVERRUN (%s)', (hex, detail) => {
    expect(failure(() => parseTlv(bytes(hex)))).toEqual({ code: 'TLV_OVERRUN', detail });
  });

  it.each([
    ['C1 80 00', 'length form 80'],
    ['C1 83 00 00 01 41', 'length form 83'],
    ['C1 85 DE AD BE EF', 'length form 85'],
    ['C1 FF 01', 'length form ff'],
  ])('calls the invalid length form in %s MALFORMED_RESPONSE', (hex, detail) => {
    expect(failure(() => parseTlv(bytes(hex)))).toEqual({ code: 'MALFORMED_RESPONSE', detail });
  });

  it('gives back the same tag → value map for any list of objects, padded or not', () => {
    fc.assert(
      fc.property(pairsArbitrary, fc.array(fc.constantFrom(0x00, 0xff), { maxLength: 3 }), (pairs, padding) => {
        const pad = Buffer.from(padding);
        const plain = Buffer.concat(pairs.map(([tag, value]) => encodeObject(tag, value)));
        const padded = Buffer.concat([pad, ...pairs.map(([tag, value]) => Buffer.concat([encodeObject(tag, value), pad]))]);
        expect(asObject(parseTlv(plain))).toEqual(expectedMap(pairs));
        expect(asObject(parseTlv(padded))).toEqual(expectedMap(pairs));
      }),
    );
  });

  it('calls any strict prefix that cuts a value TLV_OVERRUN, naming the cut object', () => {
    const withValue = fc.tuple(tagArbitrary, valueArbitrary.filter((value) => value.length > 0));
    fc.assert(
      fc.property(pairsArbitrary, withValue, pairsArbitrary, fc.nat(), (before, [tag, value], after, cut) => {
        const head = Buffer.concat([...before.map(([t, v]) => encodeObject(t, v)), tag, encodeLength(value.length)]);
        const encoding = Buffer.concat([head, value, ...after.map(([t, v]) => encodeObject(t, v))]);
        const end = head.length + (cut % value.length); // keeps 0 .. length-1 bytes of the value
        expect(failure(() => parseTlv(encoding.subarray(0, end)))).toEqual({ code: 'TLV_OVERRUN', detail: `value of ${hexOf(tag)}` });
      }),
    );
  });

  it('calls any strict prefix of a non-empty encoding that ends inside an object TLV_OVERRUN, and one that ends between objects the objects before it', () => {
    fc.assert(
      fc.property(pairsArbitrary.filter((pairs) => pairs.length > 0), fc.nat(), (pairs, cut) => {
        const objects = pairs.map(([tag, value]) => encodeObject(tag, value));
        const encoding = Buffer.concat(objects);
        const end = cut % encoding.length; // 0 .. length-1: every strict prefix
        const boundaries = objects.reduce<number[]>((ends, object) => [...ends, ends.at(-1)! + object.length], [0]);
        const whole = boundaries.indexOf(end);
        if (whole >= 0) {
          expect(asObject(parseTlv(encoding.subarray(0, end)))).toEqual(expectedMap(pairs.slice(0, whole)));
        } else {
          expect(failure(() => parseTlv(encoding.subarray(0, end))).code).toBe('TLV_OVERRUN');
        }
      }),
    );
  });
});

// ---------------------------------------------------------------- identityFromRecord

const record = (...objects: [string, string][]) => Buffer.concat(objects.map(([tag, text]) => encodeObject(bytes(tag), ascii(text))));

describe('identityFromRecord', () => {
  it('reads vendor code, serial and issuing institution from the default tags C1, C2, C3', () => {
    expect(identityFromRecord(record(['C1', '003'], ['C2', '300000000004'], ['C3', '020']), DEFAULT_CARD_PROTOCOL)).toEqual({
      vendorCode: '003',
      serial: '300000000004',
      issuingInstitutionCode: '020',
    });
  });

  it('leaves the issuing institution out when its tag is absent, whatever the order of the others', () => {
    const identity = identityFromRecord(record(['C2', '100000000001'], ['C1', '001']), DEFAULT_CARD_PROTOCOL);
    expect(identity).toEqual({ vendorCode: '001', serial: '100000000001' });
    expect(identity).not.toHaveProperty('issuingInstitutionCode');
  });

  it('reads the tags a configuration names (multi-byte, any hex case) and ignores the default ones', () => {
    const custom: CardProtocolConfig = { aid: 'A000000003', tags: { vendorCode: '9f1f', serial: 'DF8102', issuingInstitution: '5F20' } };
    const bytesOf = record(['C1', '999'], ['9F1F', '007'], ['DF8102', '123456789012'], ['5F20', '088'], ['C2', '999999999999']);
    expect(identityFromRecord(bytesOf, custom)).toEqual({ vendorCode: '007', serial: '123456789012', issuingInstitutionCode: '088' });
    expect(failure(() => identityFromRecord(record(['C1', '003'], ['C2', '300000000004']), custom))).toEqual({
      code: 'MISSING_TAG',
      detail: 'vendorCode',
    });
  });

  it.each([
    ['03', '300000000004', null, 'vendorCode: 2 bytes'],
    ['0033', '300000000004', null, 'vendorCode: 4 bytes'],
    ['0a3', '300000000004', null, 'vendorCode: 3 bytes'],
    ['003', '30000000000', null, 'serial: 11 bytes'],
    ['003', '3000000000045', null, 'serial: 13 bytes'],
    ['003', '30000000000A', null, 'serial: 12 bytes'],
    ['003', '30000000000\n', null, 'serial: 12 bytes'],
    ['003', '300000000004\n', null, 'serial: 13 bytes'],
    ['003', ' 30000000004', null, 'serial: 12 bytes'],
    ['003', '', null, 'serial: 0 bytes'],
    ['003', '300000000004', '02', 'issuingInstitution: 2 bytes'],
    ['003', '300000000004', 'AB1', 'issuingInstitution: 3 bytes'],
    ['003', '300000000004', '', 'issuingInstitution: 0 bytes'],
  ])('refuses vendor %j, serial %j, institution %j: BAD_VALUE (%s)', (vendorCode, serial, institution, detail) => {
    const objects: [string, string][] = [['C1', vendorCode], ['C2', serial]];
    if (institution !== null) objects.push(['C3', institution]);
    expect(failure(() => identityFromRecord(record(...objects), DEFAULT_CARD_PROTOCOL))).toEqual({ code: 'BAD_VALUE', detail });
  });

  it('refuses digits outside ASCII (full-width, Arabic-Indic) as BAD_VALUE', () => {
    const fullWidth = Buffer.concat([encodeObject(bytes('C1'), Buffer.from('００３', 'utf8')), record(['C2', '300000000004'])]);
    expect(failure(() => identityFromRecord(fullWidth, DEFAULT_CARD_PROTOCOL)).code).toBe('BAD_VALUE');
    const arabic = Buffer.concat([record(['C1', '003']), encodeObject(bytes('C2'), Buffer.from('٣٠٠٠٠٠٠٠٠٠٠٤', 'utf8'))]);
    expect(failure(() => identityFromRecord(arabic, DEFAULT_CARD_PROTOCOL)).code).toBe('BAD_VALUE');
  });

  it('names the missing required tag: vendor code, then serial', () => {
    expect(failure(() => identityFromRecord(record(['C2', '300000000004'], ['C3', '020']), DEFAULT_CARD_PROTOCOL))).toEqual({
      code: 'MISSING_TAG',
      detail: 'vendorCode',
    });
    expect(failure(() => identityFromRecord(record(['C1', '003'], ['C3', '020']), DEFAULT_CARD_PROTOCOL))).toEqual({
      code: 'MISSING_TAG',
      detail: 'serial',
    });
    expect(failure(() => identityFromRecord(Buffer.alloc(0), DEFAULT_CARD_PROTOCOL))).toEqual({ code: 'MISSING_TAG', detail: 'vendorCode' });
  });

  it('passes TLV errors of the record through', () => {
    expect(failure(() => identityFromRecord(bytes('C1 03 30 30'), DEFAULT_CARD_PROTOCOL))).toEqual({ code: 'TLV_OVERRUN', detail: 'value of C1' });
    expect(failure(() => identityFromRecord(bytes('C1 85 DE AD BE EF'), DEFAULT_CARD_PROTOCOL)).code).toBe('MALFORMED_RESPONSE');
  });

  it('reads any well-formed record, in any order, with padding and other tags around', () => {
    const digits = (count: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: count, maxLength: count });
    fc.assert(
      fc.property(
        digits(3),
        digits(12),
        fc.option(digits(3), { nil: undefined }),
        fc.array(fc.tuple(fc.constantFrom('C4', 'C5', '9F1F', '5F20'), fc.string({ maxLength: 5 })), { maxLength: 3 }),
        fc.array(fc.constantFrom(0x00, 0xff), { maxLength: 2 }),
        fc.nat(),
        (vendorCode, serial, institution, others, padding, rotation) => {
          const objects: [string, string][] = [['C1', vendorCode], ['C2', serial], ...others];
          if (institution !== undefined) objects.push(['C3', institution]);
          const r = rotation % objects.length;
          const rotated = [...objects.slice(r), ...objects.slice(0, r)];
          const encoded = Buffer.concat(rotated.flatMap((object) => [Buffer.from(padding), record(object)]));
          expect(identityFromRecord(encoded, DEFAULT_CARD_PROTOCOL)).toEqual(
            institution === undefined ? { vendorCode, serial } : { vendorCode, serial, issuingInstitutionCode: institution },
          );
        },
      ),
    );
  });
});
