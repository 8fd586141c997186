import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTlv } from '../../main/reader/card-protocol.js';
import {
  bytes,
  hexOf,
  failure,
  encodeLength,
  encodeObject,
  tagArbitrary,
  valueArbitrary,
  pairsArbitrary,
  expectedMap,
  asObject,
} from './support/card-bytes.js';

/**
 * The card protocol of SMART-OTP-CARD.md, byte by byte. Expected bytes are written out by hand
 * from the spec, and the property tests encode BER-TLV with an encoder written here (minimal
 * length forms, ISO 7816-4 tag rules), never with the parser under test.
 */
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
