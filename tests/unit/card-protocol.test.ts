import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_CARD_PROTOCOL,
  expectSuccess,
  identityFromRecord,
  selectCommand,
  type CardProtocolConfig,
} from '../../main/reader/card-protocol.js';
import { bytes, ascii, hexOf, failure, encodeObject } from './support/card-bytes.js';

/**
 * The card protocol of SMART-OTP-CARD.md, byte by byte. Expected bytes are written out by hand
 * from the spec, and the property tests encode BER-TLV with an encoder written here (minimal
 * length forms, ISO 7816-4 tag rules), never with the parser under test.
 */
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
