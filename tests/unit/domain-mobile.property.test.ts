import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MaskedMobileSchema, MobileNumberSchema, maskMobile, maskName } from '../../issuer-api/domain.js';
import {
  rules,
  digitString,
  nonZeroDigit,
  nonDigitChar,
  replaceAt,
  MOBILE_PREFIXES,
  mobileBlocks,
  mobileSpellings,
} from './support/domain-arbitraries.js';

/**
 * Property-based tests of issuer-api/domain.ts against the rules of ISSUER-API.md ("Customers and
 * identity", the code lengths of the registration and card sections). Every expectation comes
 * from an oracle written here from the spec (calendar, century table, checksum), never from the
 * function under test.
 */
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
