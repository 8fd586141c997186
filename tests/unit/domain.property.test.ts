import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import {
  AppRegistrationCodeSchema,
  BranchCodeSchema,
  CalendarDateSchema,
  InstitutionCodeSchema,
  MaskedMobileSchema,
  MaskedRrnSchema,
  MobileNumberSchema,
  OtpSchema,
  RrnSchema,
  SerialSchema,
  SmsCodeSchema,
  VendorCodeSchema,
  isRealDate,
  maskMobile,
  maskName,
  maskRrn,
  maskSerial,
  rrnBirthDate,
  rrnChecksumValid,
} from '../../issuer-api/domain.js';

/**
 * Property-based tests of shared/domain.ts against the rules of ISSUER-API.md ("Customers and
 * identity", the code lengths of the registration and card sections). Every expectation comes
 * from an oracle written here from the spec (calendar, century table, checksum), never from the
 * function under test.
 */

// ---------------------------------------------------------------- independent oracles

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Spec: digit 7 gives the century (9/0: 1800s, 1/2/5/6: 1900s, 3/4/7/8: 2000s). */
const CENTURY_OF: Record<string, number> = {};
for (const d of '90') CENTURY_OF[d] = 1800;
for (const d of '1256') CENTURY_OF[d] = 1900;
for (const d of '3478') CENTURY_OF[d] = 2000;

/** The check digit written as a loop over weights (i mod 8) + 2 = 2..9,2..5; check = (11 − sum mod 11) mod 10. */
function expectedCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += ((i % 8) + 2) * (first12.charCodeAt(i) - 48);
  return (11 - (sum % 11)) % 10;
}

/** The issue messages (rule names) of a failed parse, or null when it parsed. */
function rules(schema: z.ZodType, input: unknown): string[] | null {
  const result = schema.safeParse(input);
  return result.success ? null : result.error.issues.map((issue) => issue.message);
}

// ---------------------------------------------------------------- arbitraries

const DIGITS = [...'0123456789'];
const digitString = (minLength: number, maxLength = minLength) =>
  fc.string({ unit: fc.constantFrom(...DIGITS), minLength, maxLength });
const nonZeroDigit = fc.constantFrom(...'123456789');
/** Any single code point (lone surrogates included) that is not an ASCII digit. */
const nonDigitChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/^[0-9]$/.test(c));
/** A non-digit that is also no separator the RRN and serial schemas strip (spaces, dashes). */
const garbageChar = nonDigitChar.filter((c) => !/[\s-]/.test(c));

/** Replace the character at `index mod length` of `text` with `replacement`. */
const replaceAt = (text: string, index: number, replacement: string) => {
  const i = index % text.length;
  return text.slice(0, i) + replacement + text.slice(i + 1);
};

/** An RRN whose YYMMDD is a real date in the century its 7th digit names. */
const realRrn = fc
  .record({ seventh: fc.constantFrom(...DIGITS), yy: fc.integer({ min: 0, max: 99 }), month: fc.integer({ min: 1, max: 12 }) })
  .chain(({ seventh, yy, month }) => {
    const year = CENTURY_OF[seventh]! + yy;
    return fc.record({
      seventh: fc.constant(seventh),
      year: fc.constant(year),
      month: fc.constant(month),
      day: fc.integer({ min: 1, max: daysInMonth(year, month) }),
      tail: digitString(6),
    });
  })
  .map(({ seventh, year, month, day, tail }) => ({
    rrn: `${pad(year % 100)}${pad(month)}${pad(day)}${seventh}${tail}`,
    year,
    month,
    day,
  }));

/** Ways a teller may type an RRN (spec: `YYMMDD-NNNNNNN` or 13 digits, spaces allowed). */
const rrnSpellings = (rrn: string) => [
  rrn,
  `${rrn.slice(0, 6)}-${rrn.slice(6)}`,
  `${rrn.slice(0, 6)} ${rrn.slice(6)}`,
  `${rrn.slice(0, 6)} - ${rrn.slice(6)}`,
  `  ${rrn.slice(0, 6)}-${rrn.slice(6)}\t`,
  [...rrn].join(' '),
];

const MOBILE_PREFIXES = ['010', '011', '016', '017', '018', '019'];
/** A valid number split into its blocks: prefix, middle (3–4 digits, not starting with 0), last 4. */
const mobileBlocks = fc.record({
  prefix: fc.constantFrom(...MOBILE_PREFIXES),
  middle: fc.tuple(nonZeroDigit, digitString(2, 3)).map(([first, rest]) => first + rest),
  last: digitString(4),
});
type Blocks = { prefix: string; middle: string; last: string };

/** Every spelling the spec accepts: dashes, dots, spaces, none, and the +82 forms. */
const mobileSpellings = ({ prefix, middle, last }: Blocks) => {
  const national = prefix.slice(1); // `10` of `010`
  return [
    `${prefix}${middle}${last}`,
    `${prefix}-${middle}-${last}`,
    `${prefix}.${middle}.${last}`,
    `${prefix} ${middle} ${last}`,
    ` ${prefix}-${middle}-${last} `,
    `+82 ${national}-${middle}-${last}`,
    `+82-${national}${middle}${last}`,
    `+82${national}${middle}${last}`,
    `+82 ${national} ${middle} ${last}`,
  ];
};

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

// ---------------------------------------------------------------- mobile numbers

describe('MobileNumberSchema', () => {
  it('normalises every accepted spelling to the same 01X digits', () => {
    fc.assert(
      fc.property(mobileBlocks, (blocks) => {
        const normal = blocks.prefix + blocks.middle + blocks.last;
        for (const typed of mobileSpellings(blocks)) expect(MobileNumberSchema.parse(typed)).toBe(normal);
      }),
      { numRuns: 300 },
    );
    expect(MobileNumberSchema.parse('010-1234-5678')).toBe('01012345678');
    expect(MobileNumberSchema.parse('+82 10-1234-5678')).toBe('01012345678');
    expect(MobileNumberSchema.parse('011-234-5678')).toBe('0112345678');
  });

  it('refuses a middle block starting with 0, in any spelling', () => {
    const zeroMiddle = fc.record({
      prefix: fc.constantFrom(...MOBILE_PREFIXES),
      middle: digitString(2, 3).map((rest) => '0' + rest),
      last: digitString(4),
    });
    fc.assert(
      fc.property(zeroMiddle, (blocks) => {
        for (const typed of mobileSpellings(blocks)) expect(rules(MobileNumberSchema, typed)).toEqual(['MOBILE_FORMAT']);
      }),
    );
  });

  it('refuses a prefix other than 010/011/016/017/018/019', () => {
    const badPrefix = fc.record({
      prefix: digitString(3).filter((p) => !MOBILE_PREFIXES.includes(p)),
      middle: fc.tuple(nonZeroDigit, digitString(2, 3)).map(([first, rest]) => first + rest),
      last: digitString(4),
    });
    fc.assert(
      fc.property(badPrefix, ({ prefix, middle, last }) => {
        expect(rules(MobileNumberSchema, `${prefix}-${middle}-${last}`)).toEqual(['MOBILE_FORMAT']);
        expect(rules(MobileNumberSchema, `${prefix}${middle}${last}`)).toEqual(['MOBILE_FORMAT']);
      }),
      { numRuns: 300 },
    );
    for (const typed of ['012-1234-5678', '020-1234-5678', '0101-1234-5678', '+82 20-1234-5678']) {
      expect(rules(MobileNumberSchema, typed)).toEqual(['MOBILE_FORMAT']);
    }
  });

  it('refuses any total length other than 10 or 11 digits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MOBILE_PREFIXES), nonZeroDigit, digitString(0, 12), (prefix, first, rest) => {
        const number = prefix + first + rest;
        fc.pre(number.length !== 10 && number.length !== 11);
        expect(rules(MobileNumberSchema, number)).toEqual(['MOBILE_FORMAT']);
      }),
      { numRuns: 300 },
    );
    expect(rules(MobileNumberSchema, '')).toEqual(['MOBILE_FORMAT']);
  });

  it('refuses a letter or other non-digit in place of a digit', () => {
    // separators the spec allows (spaces, dots, dashes) are stripped, so they are not "letters"
    const bad = nonDigitChar.filter((c) => !/[\s.\-()+]/.test(c));
    fc.assert(
      fc.property(mobileBlocks, bad, fc.nat(), (blocks, letter, index) => {
        const number = blocks.prefix + blocks.middle + blocks.last;
        expect(rules(MobileNumberSchema, replaceAt(number, index, letter))).toEqual(['MOBILE_FORMAT']);
      }),
      { numRuns: 300 },
    );
    expect(rules(MobileNumberSchema, '010-12O4-5678')).toEqual(['MOBILE_FORMAT']); // letter O
  });
});

describe('maskMobile', () => {
  it('shows prefix and last block, one star per hidden middle digit', () => {
    fc.assert(
      fc.property(mobileBlocks, ({ prefix, middle, last }) => {
        const masked = maskMobile(prefix + middle + last);
        expect(masked).toBe(`${prefix}-${'*'.repeat(middle.length)}-${last}`);
        expect(MaskedMobileSchema.safeParse(masked).success).toBe(true);
        const [, stars] = masked.split('-');
        expect(stars).toMatch(/^\*+$/);
        expect(stars).toHaveLength(middle.length);
        // the only digits left are the prefix and the last block
        expect(masked.replace(/\D/g, '')).toBe(prefix + last);
      }),
    );
    expect(maskMobile('01012345678')).toBe('010-****-5678');
    expect(maskMobile('0162345678')).toBe('016-***-5678');
  });

  it('masks whatever spelling MobileNumberSchema normalised, and throws on a non-normalised one', () => {
    fc.assert(
      fc.property(mobileBlocks, (blocks) => {
        const normal = blocks.prefix + blocks.middle + blocks.last;
        for (const typed of mobileSpellings(blocks)) {
          expect(maskMobile(MobileNumberSchema.parse(typed))).toBe(maskMobile(normal));
          if (typed !== normal) expect(() => maskMobile(typed)).toThrow();
        }
      }),
    );
    expect(() => maskMobile('010-1234-5678')).toThrow();
    expect(() => maskMobile('01001234567')).toThrow(); // middle starting with 0
  });
});

// ---------------------------------------------------------------- names

describe('maskName', () => {
  const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((code) => String.fromCharCode(code));
  const hangulName = (min: number, max: number) => fc.array(syllable, { minLength: min, maxLength: max });

  it('keeps the first and last syllable of a 3+ syllable name, stars in between, same length', () => {
    fc.assert(
      fc.property(hangulName(3, 12), (chars) => {
        const masked = [...maskName(chars.join(''))];
        expect(masked).toHaveLength(chars.length);
        expect(masked[0]).toBe(chars[0]);
        expect(masked.at(-1)).toBe(chars.at(-1));
        expect(masked.slice(1, -1).every((c) => c === '*')).toBe(true);
      }),
    );
  });

  it('keeps the first syllable of a 2-syllable name and stars the second', () => {
    fc.assert(
      fc.property(hangulName(2, 2), ([first, second]) => {
        expect(maskName(first! + second!)).toBe(`${first}*`);
      }),
    );
  });

  it('counts characters, not UTF-16 units, and ignores surrounding spaces', () => {
    const anyChar = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }).filter((c) => c.trim() === c && c !== '');
    const astral = fc.integer({ min: 0x20000, max: 0x2a6df }).map((code) => String.fromCodePoint(code)); // CJK Ext. B
    fc.assert(
      fc.property(fc.array(fc.oneof(syllable, astral, anyChar), { minLength: 3, maxLength: 8 }), (chars) => {
        const masked = maskName(`  ${chars.join('')} `);
        expect(masked).toBe(chars[0]! + '*'.repeat(chars.length - 2) + chars.at(-1)!);
      }),
    );
  });

  it('matches the spec examples', () => {
    expect(maskName('김영용')).toBe('김*용');
    expect(maskName('홍길')).toBe('홍*');
    expect(maskName('남궁민준')).toBe('남**준');
    expect(maskName('홍길동')).toBe('홍*동');
  });
});

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
