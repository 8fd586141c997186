import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MaskedRrnSchema, RrnSchema, maskRrn, rrnBirthDate, rrnChecksumValid } from '../../issuer-api/domain.js';
import {
  isLeap,
  daysInMonth,
  pad,
  CENTURY_OF,
  expectedCheckDigit,
  rules,
  DIGITS,
  digitString,
  garbageChar,
  replaceAt,
  realRrn,
  rrnSpellings,
} from './support/domain-arbitraries.js';

/**
 * Property-based tests of issuer-api/domain.ts against the rules of ISSUER-API.md ("Customers and
 * identity", the code lengths of the registration and card sections). Every expectation comes
 * from an oracle written here from the spec (calendar, century table, checksum), never from the
 * function under test.
 */
// ---------------------------------------------------------------- RRN

describe('RrnSchema', () => {
  it('parses every spelling of a real-date RRN, any century digit and any last six digits, to the same 13 digits', () => {
    fc.assert(
      fc.property(realRrn, ({ rrn }) => {
        for (const typed of rrnSpellings(rrn)) expect(RrnSchema.parse(typed)).toBe(rrn);
      }),
      { numRuns: 500 },
    );
  });

  it('reads the birth date in the century the 7th digit names', () => {
    fc.assert(
      fc.property(realRrn, ({ rrn, year, month, day }) => {
        expect(rrnBirthDate(rrn)).toEqual({ year, month, day });
      }),
    );
  });

  it('accepts exactly the YYMMDD that are real dates, for every YYMMDD and every 7th digit (exhaustive)', () => {
    // 100 years × 12 months × 31 days × 10 century digits, against the Gregorian oracle.
    const wrong: string[] = [];
    for (const seventh of DIGITS) {
      const century = CENTURY_OF[seventh]!;
      for (let yy = 0; yy < 100; yy++) {
        for (let month = 1; month <= 12; month++) {
          for (let day = 1; day <= 31; day++) {
            const rrn = `${pad(yy)}${pad(month)}${pad(day)}${seventh}000000`;
            const real = day <= daysInMonth(century + yy, month);
            const got = rules(RrnSchema, rrn);
            if (real ? got !== null : JSON.stringify(got) !== '["RRN_DATE"]') wrong.push(rrn);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an impossible date (day past the month, day 00, month 00 or 13–99) with RRN_DATE alone', () => {
    const impossible = fc.oneof(
      // a day past the end of that month in that century
      realRrn.chain(({ rrn, year, month }) =>
        fc.integer({ min: daysInMonth(year, month) + 1, max: 99 }).map((day) => rrn.slice(0, 4) + pad(day) + rrn.slice(6)),
      ),
      realRrn.map(({ rrn }) => rrn.slice(0, 4) + '00' + rrn.slice(6)),
      fc.tuple(realRrn, fc.constantFrom(0, 13, 20, 99)).map(([{ rrn }, month]) => rrn.slice(0, 2) + pad(month) + rrn.slice(4)),
    );
    fc.assert(
      fc.property(impossible, (rrn) => {
        expect(rules(RrnSchema, rrn)).toEqual(['RRN_DATE']);
        expect(rrnBirthDate(rrn)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('refuses Feb 29 exactly in the non-leap years of each century (1800, 1900 not leap; 2000 leap)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DIGITS), fc.integer({ min: 0, max: 99 }), digitString(6), (seventh, yy, tail) => {
        const year = CENTURY_OF[seventh]! + yy;
        const got = rules(RrnSchema, `${pad(yy)}0229-${seventh}${tail}`);
        expect(got).toEqual(isLeap(year) ? null : ['RRN_DATE']);
      }),
      { numRuns: 500 },
    );
    expect(rules(RrnSchema, '000229-1123456')).toEqual(['RRN_DATE']); // 1900-02-29 does not exist
    expect(rules(RrnSchema, '000229-9123456')).toEqual(['RRN_DATE']); // 1800-02-29 does not exist
    expect(RrnSchema.parse('000229-3123456')).toBe('0002293123456'); // 2000-02-29 does
    expect(RrnSchema.parse('960229-1123456')).toBe('9602291123456'); // 1996-02-29 does
    expect(rules(RrnSchema, '900230-1123456')).toEqual(['RRN_DATE']); // Feb 30
    expect(rules(RrnSchema, '901301-1123456')).toEqual(['RRN_DATE']); // month 13
  });

  it('refuses a wrong number of digits with RRN_FORMAT alone', () => {
    const wrongLength = digitString(0, 30).filter((s) => s.length !== 13);
    fc.assert(
      fc.property(wrongLength, fc.boolean(), (text, dashed) => {
        const typed = dashed && text.length > 6 ? `${text.slice(0, 6)}-${text.slice(6)}` : text;
        expect(rules(RrnSchema, typed)).toEqual(['RRN_FORMAT']);
      }),
    );
  });

  it('refuses any non-digit in place of a digit, or added, with RRN_FORMAT alone', () => {
    fc.assert(
      fc.property(realRrn, garbageChar, fc.nat(), fc.boolean(), ({ rrn }, bad, index, insert) => {
        const typed = insert ? rrn.slice(0, index % 14) + bad + rrn.slice(index % 14) : replaceAt(rrn, index, bad);
        expect(rules(RrnSchema, typed)).toEqual(['RRN_FORMAT']);
      }),
      { numRuns: 300 },
    );
    expect(rules(RrnSchema, '900101-112345X')).toEqual(['RRN_FORMAT']);
    expect(rules(RrnSchema, '')).toEqual(['RRN_FORMAT']);
  });
});

describe('RRN check digit', () => {
  it('agrees with an independent implementation on any 13 digits', () => {
    fc.assert(
      fc.property(digitString(13), (rrn) => {
        expect(rrnChecksumValid(rrn)).toBe(expectedCheckDigit(rrn.slice(0, 12)) === Number(rrn[12]));
      }),
      { numRuns: 1000 },
    );
  });

  it('never decides acceptance: all ten last digits of a real-date RRN parse, exactly one has a valid checksum', () => {
    fc.assert(
      fc.property(realRrn, ({ rrn }) => {
        const first12 = rrn.slice(0, 12);
        const valid = DIGITS.filter((d) => rrnChecksumValid(first12 + d));
        expect(valid).toEqual([String(expectedCheckDigit(first12))]);
        for (const d of DIGITS) expect(RrnSchema.parse(`${rrn.slice(0, 6)}-${rrn.slice(6, 12)}${d}`)).toBe(first12 + d);
      }),
    );
  });

  it('matches the spec examples', () => {
    // 900101-1123459: sum 18+0+0+5+0+7+8+9+4+9+16+25 = 101, 101 mod 11 = 2, (11−2) mod 10 = 9 ✓
    expect(rrnChecksumValid('9001011123459')).toBe(true);
    // 850615-2234565: sum 16+15+0+30+6+35+16+18+6+12+20+30 = 204, 204 mod 11 = 6, (11−6) mod 10 = 5 ✓
    expect(rrnChecksumValid('8506152234565')).toBe(true);
    // 010203-3123452: sum 0+3+0+10+0+21+24+9+4+9+16+25 = 121, 121 mod 11 = 0, (11−0) mod 10 = 1 ≠ 2:
    // the checksum fails (the spec: "no valid check digit: issued after 2020"), yet it parses (2001-02-03).
    expect(rrnChecksumValid('0102033123452')).toBe(false);
    expect(expectedCheckDigit('010203312345')).toBe(1);
    expect(RrnSchema.parse('010203-3123452')).toBe('0102033123452');
    expect(rrnBirthDate('0102033123452')).toEqual({ year: 2001, month: 2, day: 3 });
    // the other seed customers and the masking example
    for (const rrn of ['7505051543214', '9208142987655', '7112311123455']) expect(rrnChecksumValid(rrn)).toBe(true);
  });
});

describe('maskRrn', () => {
  it('keeps the first 7 digits and stars the last 6, whatever they are', () => {
    fc.assert(
      fc.property(realRrn, ({ rrn }) => {
        const masked = maskRrn(RrnSchema.parse(rrn));
        expect(masked).toMatch(/^\d{6}-\d\*{6}$/);
        expect(MaskedRrnSchema.safeParse(masked).success).toBe(true);
        expect(masked.slice(0, 6)).toBe(rrn.slice(0, 6));
        expect(masked[7]).toBe(rrn[6]);
        expect(masked.slice(8)).toBe('******');
        // without the dash: digits 1–7 kept in place, no hidden digit anywhere in positions 8–13
        const flat = masked.replace('-', '');
        expect(flat).toHaveLength(13);
        expect(flat.replace(/\*/g, '')).toBe(rrn.slice(0, 7));
        for (let i = 7; i < 13; i++) expect(flat[i]).not.toBe(rrn[i]);
      }),
    );
    expect(maskRrn('7112311123455')).toBe('711231-1******');
  });
});
