import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import {
  AppRegistrationCodeSchema,
  BranchCodeSchema,
  CalendarDateSchema,
  InstitutionCodeSchema,
  OtpSchema,
  SerialSchema,
  SmsCodeSchema,
  VendorCodeSchema,
  isRealDate,
  maskSerial,
} from '../../issuer-api/domain.js';
import { isLeap, daysInMonth, pad, rules, digitString, nonDigitChar, garbageChar, replaceAt } from './support/domain-arbitraries.js';

/**
 * Property-based tests of issuer-api/domain.ts against the rules of ISSUER-API.md ("Customers and
 * identity", the code lengths of the registration and card sections). Every expectation comes
 * from an oracle written here from the spec (calendar, century table, checksum), never from the
 * function under test.
 */
// ---------------------------------------------------------------- fixed-length codes

const CODE_SCHEMAS: { name: string; schema: z.ZodType; length: number; rule: string }[] = [
  { name: 'SmsCodeSchema', schema: SmsCodeSchema, length: 5, rule: 'SMS_CODE_FORMAT' },
  { name: 'AppRegistrationCodeSchema', schema: AppRegistrationCodeSchema, length: 8, rule: 'APP_CODE_FORMAT' },
  { name: 'OtpSchema', schema: OtpSchema, length: 6, rule: 'OTP_FORMAT' },
  { name: 'VendorCodeSchema', schema: VendorCodeSchema, length: 3, rule: 'VENDOR_CODE_FORMAT' },
  { name: 'InstitutionCodeSchema', schema: InstitutionCodeSchema, length: 3, rule: 'INSTITUTION_CODE_FORMAT' },
  { name: 'BranchCodeSchema', schema: BranchCodeSchema, length: 4, rule: 'BRANCH_CODE_FORMAT' },
  { name: 'SerialSchema', schema: SerialSchema, length: 12, rule: 'SERIAL_FORMAT' },
];

describe.each(CODE_SCHEMAS)('$name ($length digits)', ({ schema, length, rule }) => {
  it(`accepts exactly ${length} digits, unchanged`, () => {
    fc.assert(
      fc.property(digitString(length), (code) => {
        expect(schema.parse(code)).toBe(code);
      }),
    );
  });

  it(`refuses every other number of digits with ${rule}`, () => {
    fc.assert(
      fc.property(digitString(0, 20).filter((s) => s.length !== length), (code) => {
        expect(rules(schema, code)).toEqual([rule]);
      }),
    );
  });

  it(`refuses a non-digit in place of any digit with ${rule}`, () => {
    // replacing (not adding) keeps this true even when the schema trims or strips the character:
    // what is left is then one digit short
    fc.assert(
      fc.property(digitString(length), nonDigitChar, fc.nat(), (code, bad, index) => {
        expect(rules(schema, replaceAt(code, index, bad))).toEqual([rule]);
      }),
    );
  });

  it(`refuses a non-separator character added anywhere with ${rule}`, () => {
    fc.assert(
      fc.property(digitString(length), garbageChar, fc.nat(), (code, bad, index) => {
        const i = index % (length + 1);
        expect(rules(schema, code.slice(0, i) + bad + code.slice(i))).toEqual([rule]);
      }),
    );
  });
});

describe('SerialSchema separators and maskSerial', () => {
  it('strips dashes and spaces anywhere in a 12-digit serial', () => {
    const separated = fc
      .tuple(digitString(12), fc.array(fc.constantFrom('', '-', ' ', ' - ', '\t'), { minLength: 13, maxLength: 13 }))
      .map(([serial, seps]) => ({ serial, typed: seps.map((sep, i) => sep + (serial[i] ?? '')).join('') }));
    fc.assert(
      fc.property(separated, ({ serial, typed }) => {
        expect(SerialSchema.parse(typed)).toBe(serial);
      }),
    );
    expect(SerialSchema.parse('3000-0000-0004')).toBe('300000000004');
  });

  it('maskSerial keeps the first 4 and last 4 digits and stars the middle 4', () => {
    fc.assert(
      fc.property(digitString(12), (serial) => {
        const masked = maskSerial(serial);
        expect(masked).toHaveLength(12);
        expect(masked.slice(0, 4)).toBe(serial.slice(0, 4));
        expect(masked.slice(4, 8)).toBe('****');
        expect(masked.slice(8)).toBe(serial.slice(8));
        expect(masked.replace(/\*/g, '')).toBe(serial.slice(0, 4) + serial.slice(8));
      }),
    );
    expect(maskSerial('300000000004')).toBe('3000****0004');
    expect(maskSerial(SerialSchema.parse('1234-5678-9012'))).toBe('1234****9012');
  });
});

// ---------------------------------------------------------------- calendar dates

describe('CalendarDateSchema', () => {
  const realDate = fc
    .record({ year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 1, max: 12 }) })
    .chain(({ year, month }) =>
      fc.integer({ min: 1, max: daysInMonth(year, month) }).map((day) => ({ year, month, day, text: `${pad(year, 4)}-${pad(month)}-${pad(day)}` })),
    );

  it('accepts every real YYYY-MM-DD, unchanged (years 0000–9999)', () => {
    fc.assert(
      fc.property(realDate, ({ year, month, day, text }) => {
        expect(CalendarDateSchema.parse(text)).toBe(text);
        expect(isRealDate(year, month, day)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts Feb 29 exactly in leap years (exhaustive over 0000–9999)', () => {
    const wrong: number[] = [];
    for (let year = 0; year <= 9999; year++) {
      if (CalendarDateSchema.safeParse(`${pad(year, 4)}-02-29`).success !== isLeap(year)) wrong.push(year);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a date that does not exist with DATE_INVALID', () => {
    const impossible = fc.oneof(
      realDate.chain(({ year, month }) =>
        fc.integer({ min: daysInMonth(year, month) + 1, max: 99 }).map((day) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`),
      ),
      realDate.map(({ text }) => text.slice(0, 8) + '00'),
      fc.tuple(realDate, fc.constantFrom(0, 13, 50, 99)).map(([{ text }, month]) => text.slice(0, 5) + pad(month) + text.slice(7)),
    );
    fc.assert(
      fc.property(impossible, (text) => {
        expect(rules(CalendarDateSchema, text)).toEqual(['DATE_INVALID']);
      }),
      { numRuns: 300 },
    );
    expect(rules(CalendarDateSchema, '2023-02-29')).toEqual(['DATE_INVALID']);
    expect(rules(CalendarDateSchema, '1900-02-29')).toEqual(['DATE_INVALID']);
    expect(CalendarDateSchema.parse('2000-02-29')).toBe('2000-02-29');
  });

  it('refuses another shape or a non-digit with DATE_FORMAT alone', () => {
    const wrongShape = fc.oneof(
      // blocks of the wrong lengths
      fc
        .tuple(digitString(0, 6), digitString(0, 3), digitString(0, 3))
        .filter(([y, m, d]) => !(y.length === 4 && m.length === 2 && d.length === 2))
        .map(([y, m, d]) => `${y}-${m}-${d}`),
      // any digit string, no dashes
      digitString(0, 12),
      // a real date with one character (digit or dash) replaced by a non-digit other than '-'
      fc.tuple(realDate, nonDigitChar.filter((c) => c !== '-'), fc.nat()).map(([{ text }, bad, i]) => replaceAt(text, i, bad)),
      // other separators
      realDate.map(({ text }) => text.replace(/-/g, '/')),
    );
    fc.assert(
      fc.property(wrongShape, (text) => {
        expect(rules(CalendarDateSchema, text)).toEqual(['DATE_FORMAT']);
      }),
      { numRuns: 300 },
    );
    expect(rules(CalendarDateSchema, '2015-3-02')).toEqual(['DATE_FORMAT']);
    expect(rules(CalendarDateSchema, '20150302')).toEqual(['DATE_FORMAT']);
  });

  it('isRealDate agrees with the Gregorian oracle for any year, month and day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 33 }), (year, month, day) => {
        const real = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
        expect(isRealDate(year, month, day)).toBe(real);
      }),
      { numRuns: 1000 },
    );
  });
});
