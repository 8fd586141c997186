import fc from 'fast-check';
import type { z } from 'zod';

// ---------------------------------------------------------------- independent oracles

export const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
export const daysInMonth = (year: number, month: number) =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
export const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Spec: digit 7 gives the century (9/0: 1800s, 1/2/5/6: 1900s, 3/4/7/8: 2000s). */
export const CENTURY_OF: Record<string, number> = {};
for (const d of '90') CENTURY_OF[d] = 1800;
for (const d of '1256') CENTURY_OF[d] = 1900;
for (const d of '3478') CENTURY_OF[d] = 2000;

/** The check digit written as a loop over weights (i mod 8) + 2 = 2..9,2..5; check = (11 − sum mod 11) mod 10. */
export function expectedCheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += ((i % 8) + 2) * (first12.charCodeAt(i) - 48);
  return (11 - (sum % 11)) % 10;
}

/** The issue messages (rule names) of a failed parse, or null when it parsed. */
export function rules(schema: z.ZodType, input: unknown): string[] | null {
  const result = schema.safeParse(input);
  return result.success ? null : result.error.issues.map((issue) => issue.message);
}

// ---------------------------------------------------------------- arbitraries

export const DIGITS = [...'0123456789'];
export const digitString = (minLength: number, maxLength = minLength) =>
  fc.string({ unit: fc.constantFrom(...DIGITS), minLength, maxLength });
export const nonZeroDigit = fc.constantFrom(...'123456789');
/** Any single code point (lone surrogates included) that is not an ASCII digit. */
export const nonDigitChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !/^[0-9]$/.test(c));
/** A non-digit that is also no separator the RRN and serial schemas strip (spaces, dashes). */
export const garbageChar = nonDigitChar.filter((c) => !/[\s-]/.test(c));

/** Replace the character at `index mod length` of `text` with `replacement`. */
export const replaceAt = (text: string, index: number, replacement: string) => {
  const i = index % text.length;
  return text.slice(0, i) + replacement + text.slice(i + 1);
};

/** An RRN whose YYMMDD is a real date in the century its 7th digit names. */
export const realRrn = fc
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
export const rrnSpellings = (rrn: string) => [
  rrn,
  `${rrn.slice(0, 6)}-${rrn.slice(6)}`,
  `${rrn.slice(0, 6)} ${rrn.slice(6)}`,
  `${rrn.slice(0, 6)} - ${rrn.slice(6)}`,
  `  ${rrn.slice(0, 6)}-${rrn.slice(6)}\t`,
  [...rrn].join(' '),
];

export const MOBILE_PREFIXES = ['010', '011', '016', '017', '018', '019'];
/** A valid number split into its blocks: prefix, middle (3–4 digits, not starting with 0), last 4. */
export const mobileBlocks = fc.record({
  prefix: fc.constantFrom(...MOBILE_PREFIXES),
  middle: fc.tuple(nonZeroDigit, digitString(2, 3)).map(([first, rest]) => first + rest),
  last: digitString(4),
});
export type Blocks = { prefix: string; middle: string; last: string };

/** Every spelling the spec accepts: dashes, dots, spaces, none, and the +82 forms. */
export const mobileSpellings = ({ prefix, middle, last }: Blocks) => {
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
